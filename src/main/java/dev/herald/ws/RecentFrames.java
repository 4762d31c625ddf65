package dev.herald.ws;

import java.util.ArrayList;
import java.util.List;

/**
 * The last frames in and out of one connection, for an operator's look at it. Kept in parallel arrays,
 * allocated on first use, so that recording a frame allocates nothing and an idle connection costs little.
 * Previews keep a reference to the frame text, which is shared with other subscribers, and are cut only
 * when read.
 */
final class RecentFrames {

    static final int CAPACITY = 50;
    private static final int PREVIEW_CHARS = 120;

    enum Kind { text, binary, ping, pong, close }

    private long[] ts;
    private int[] bytes;
    private byte[] kindAndDirection;
    private String[] text;
    private int next;
    private int size;

    synchronized void record(boolean out, Kind kind, int byteCount, String frameText) {
        if (ts == null) {
            ts = new long[CAPACITY];
            bytes = new int[CAPACITY];
            kindAndDirection = new byte[CAPACITY];
            text = new String[CAPACITY];
        }
        ts[next] = System.currentTimeMillis();
        bytes[next] = byteCount;
        kindAndDirection[next] = (byte) (kind.ordinal() << 1 | (out ? 1 : 0));
        text[next] = frameText;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Oldest first. */
    synchronized List<FrameRecord> snapshot() {
        List<FrameRecord> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (next - size + i + CAPACITY) % CAPACITY;
            String preview = text[at] == null ? ""
                    : text[at].length() > PREVIEW_CHARS ? text[at].substring(0, PREVIEW_CHARS) : text[at];
            list.add(new FrameRecord((kindAndDirection[at] & 1) == 1 ? "out" : "in",
                    Kind.values()[kindAndDirection[at] >> 1].name(), bytes[at], ts[at], preview));
        }
        return list;
    }

    /** One frame as the admin API shows it. */
    public record FrameRecord(String direction, String kind, int bytes, long ts, String preview) {
    }
}

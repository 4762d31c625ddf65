package dev.herald.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last frames in and out of one connection, for an operator's look at it. Kept in parallel arrays,
 * allocated on first use, so that recording a frame allocates nothing and an idle connection costs little.
 * Previews keep a reference to the frame (its text, or its UTF-8 bytes shared with other subscribers) and
 * are made only when read.
 */
final class RecentFrames {

    static final int CAPACITY = 50;
    private static final int PREVIEW_CHARS = 120;

    enum Kind { text, binary, ping, pong, close }

    private long[] ts;
    private int[] bytes;
    private byte[] kindAndDirection;
    private Object[] frames;
    private int next;
    private int size;

    /** {@code frame} is the frame's String or UTF-8 bytes, or null when it has no preview. */
    synchronized void record(boolean out, Kind kind, int byteCount, Object frame) {
        if (ts == null) {
            ts = new long[CAPACITY];
            bytes = new int[CAPACITY];
            kindAndDirection = new byte[CAPACITY];
            frames = new Object[CAPACITY];
        }
        ts[next] = System.currentTimeMillis();
        bytes[next] = byteCount;
        kindAndDirection[next] = (byte) (kind.ordinal() << 1 | (out ? 1 : 0));
        frames[next] = frame;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Oldest first. */
    synchronized List<FrameRecord> snapshot() {
        List<FrameRecord> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (next - size + i + CAPACITY) % CAPACITY;
            list.add(new FrameRecord((kindAndDirection[at] & 1) == 1 ? "out" : "in",
                    Kind.values()[kindAndDirection[at] >> 1].name(), bytes[at], ts[at], preview(frames[at])));
        }
        return list;
    }

    private static String preview(Object frame) {
        String text = frame instanceof byte[] utf8
                // a UTF-8 char takes at most 4 bytes, so this prefix holds the preview
                ? new String(utf8, 0, Math.min(utf8.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8)
                : frame == null ? "" : (String) frame;
        return text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) : text;
    }

    /** One frame as the admin API shows it. */
    public record FrameRecord(String direction, String kind, int bytes, long ts, String preview) {
    }
}

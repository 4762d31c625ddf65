package dev.herald.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last frames in and out of one connection, for an operator's look at it. Kept in parallel ring arrays
 * that start small and grow to {@link #CAPACITY}, so that recording a frame seldom allocates and an idle
 * connection, which has seen a few frames, costs little.
 * Previews keep a reference to the frame (its text, or its UTF-8 bytes shared with other subscribers) and
 * are made only when read.
 */
final class RecentFrames {

    static final int CAPACITY = 50;
    private static final int FIRST_CAPACITY = 4;
    private static final int PREVIEW_CHARS = 120;
    private static final Pattern TOKEN_VALUE =
            Pattern.compile("(\"token\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*(?:\"|\\\\?$)");

    enum Kind {
        text,
        binary,
        ping,
        pong,
        close
    }

    private long[] ts;
    private int[] bytes;
    private byte[] kindAndDirection;
    private Object[] frames;
    private int next;
    private int size;

    /** {@code frame} is the frame's String or UTF-8 bytes, or null when it has no preview. */
    void record(boolean out, Kind kind, int byteCount, Object frame) {
        record(out, kind, byteCount, frame, System.currentTimeMillis());
    }

    /** As {@link #record(boolean, Kind, int, Object)}, at {@code atMillis} (epoch) rather than now. */
    synchronized void record(boolean out, Kind kind, int byteCount, Object frame, long atMillis) {
        if (ts == null) {
            grow(FIRST_CAPACITY);
        } else if (size == ts.length && size < CAPACITY) {
            grow(Math.min(CAPACITY, size * 4));
        }
        ts[next] = atMillis;
        bytes[next] = byteCount;
        kindAndDirection[next] = (byte) (kind.ordinal() << 1 | (out ? 1 : 0));
        frames[next] = frame;
        next = (next + 1) % ts.length;
        size = Math.min(size + 1, ts.length);
    }

    /** Only while the ring has not wrapped yet, so its entries stay in place, oldest first. */
    private void grow(int capacity) {
        ts = ts == null ? new long[capacity] : Arrays.copyOf(ts, capacity);
        bytes = bytes == null ? new int[capacity] : Arrays.copyOf(bytes, capacity);
        kindAndDirection = kindAndDirection == null ? new byte[capacity] : Arrays.copyOf(kindAndDirection, capacity);
        frames = frames == null ? new Object[capacity] : Arrays.copyOf(frames, capacity);
        next = size;
    }

    /** Oldest first. */
    synchronized List<ConnectionView.RecentFrame> snapshot() {
        List<ConnectionView.RecentFrame> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (next - size + i + ts.length) % ts.length;
            list.add(new ConnectionView.RecentFrame(
                    (kindAndDirection[at] & 1) == 1 ? "out" : "in",
                    Kind.values()[kindAndDirection[at] >> 1].name(),
                    bytes[at],
                    ts[at],
                    preview(frames[at])));
        }
        return list;
    }

    private static String preview(Object frame) {
        String text = frame instanceof byte[] utf8
                // a UTF-8 char takes at most 4 bytes, so this prefix holds the preview
                ? new String(utf8, 0, Math.min(utf8.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8)
                : frame == null ? "" : withoutTokens((String) frame);
        return text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) : text;
    }

    /**
     * The frame with the value of every {@code "token"} replaced, so that {@code connect} and {@code refresh}
     * frames show no credential to operators. A value left unterminated is cut to the end of the frame.
     */
    static String withoutTokens(String frame) {
        return frame.contains("\"token\"") ? TOKEN_VALUE.matcher(frame).replaceAll("$1\"[redacted]\"") : frame;
    }
}

package dev.herald.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * The last messages of one channel in a ring buffer, newest at the channel's offset. Not thread-safe: the
 * channel's lock guards it.
 */
final class ChannelHistory {

    private final Message[] ring;
    private int count;
    private long newest;

    ChannelHistory(int size) {
        this.ring = new Message[size];
    }

    void append(Message message) {
        newest = message.offset();
        if (ring.length == 0) {
            return;
        }
        ring[(int) (message.offset() % ring.length)] = message;
        count = Math.min(count + 1, ring.length);
    }

    /** Forgets messages accepted before {@code cutoffMillis}; they are the oldest ones. */
    void expire(long cutoffMillis) {
        while (count > 0 && at(newest - count + 1).ts() < cutoffMillis) {
            ring[(int) ((newest - count + 1) % ring.length)] = null;
            count--;
        }
    }

    /** The smallest offset still retained, or newest + 1 when nothing is. */
    long oldestOffset() {
        return newest - count + 1;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Retained messages with offset greater than {@code since}, oldest first, at most {@code limit}. */
    List<Message> after(long since, int limit) {
        if (since >= newest) {
            return List.of(); // also keeps since + 1 from overflowing when since is Long.MAX_VALUE
        }
        long from = Math.max(since + 1, oldestOffset());
        long to = Math.min(newest, from + limit - 1L);
        List<Message> page = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long offset = from; offset <= to; offset++) {
            page.add(at(offset));
        }
        return page;
    }

    private Message at(long offset) {
        return ring[(int) (offset % ring.length)];
    }
}

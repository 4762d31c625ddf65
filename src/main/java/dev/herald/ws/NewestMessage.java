package dev.herald.ws;

import dev.herald.channel.Message;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A conflated subscription's place in its connection's outbound queue. At most one waits in the queue per
 * subscription, and it holds only the newest message: when the writer reaches it, it takes whatever is
 * newest by then. A subscriber that keeps up gets every message; one that lags gets fewer, newer ones, and
 * the queue never grows because of this channel.
 */
final class NewestMessage {

    private final AtomicReference<Message> newest = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();

    /** Makes {@code message} the newest; returns the unwritten message it replaced, or null. */
    Message put(Message message) {
        return newest.getAndSet(message);
    }

    /** True when no place is waiting in the queue, so the caller must queue this one. */
    boolean claimPlace() {
        return queued.compareAndSet(false, true);
    }

    /** Called by the writer when it reaches the place: the newest message, or null if one was taken already. */
    Message take() {
        queued.set(false);
        return newest.getAndSet(null);
    }
}

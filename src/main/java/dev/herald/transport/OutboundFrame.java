package dev.herald.transport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a connection's {@link OutboundQueue} holds. A {@link FrameWriter} writes {@link Shared}, {@link Text} and
 * {@link Ping} frames; a {@link Newest} slot is resolved to the {@link Shared} frame it holds when the queue
 * reaches it, and never handed to a writer.
 */
public sealed interface OutboundFrame {

    /**
     * A text frame whose UTF-8 bytes were made once and are shared by every subscriber (a published message).
     * Implemented by the message type itself, so queuing it for a thousand subscribers allocates nothing.
     */
    non-sealed interface Shared extends OutboundFrame {
        /** The frame's UTF-8 payload; never modified, shared by every connection that writes it. */
        byte[] frame();
    }

    /** A text frame made for one connection (a reply or notice), as UTF-8. */
    record Text(byte[] utf8) implements OutboundFrame {}

    /** A WebSocket Ping with no payload. */
    final class Ping implements OutboundFrame {
        public static final Ping INSTANCE = new Ping();

        private Ping() {}

        @Override
        public String toString() {
            return "Ping";
        }
    }

    /**
     * A conflated subscription's place in its connection's outbound queue. At most one waits in the queue per
     * subscription, and it holds only the newest frame: when the writer reaches it, it takes whatever is newest
     * by then. A subscriber that keeps up gets every frame; one that lags gets fewer, newer ones, and the queue
     * never grows because of this subscription. Queued as 0 bytes.
     */
    final class Newest implements OutboundFrame {
        private final AtomicReference<Shared> newest = new AtomicReference<>();
        private final AtomicBoolean queued = new AtomicBoolean();

        /** Makes {@code frame} the newest; returns the unwritten frame it replaced, or null. */
        public Shared put(Shared frame) {
            return newest.getAndSet(frame);
        }

        /** True when no place is waiting in the queue, so the caller must queue this one. */
        public boolean claimPlace() {
            return queued.compareAndSet(false, true);
        }

        /** Called by the writer when it reaches the place: the newest frame, or null if it was taken already. */
        Shared take() {
            queued.set(false);
            return newest.getAndSet(null);
        }
    }

    /** Bytes the frame's payload takes; 0 for a Ping and for a {@link Newest} slot. */
    static int payloadBytes(OutboundFrame frame) {
        if (frame instanceof Shared shared) {
            return shared.frame().length;
        }
        if (frame instanceof Text text) {
            return text.utf8().length;
        }
        return 0;
    }
}

package dev.herald.ws;

import dev.herald.channel.Message;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's bounded outbound queue and its writer. Enqueuing never blocks and never writes: it only
 * wakes a writer task. The writer sends one frame at a time with the container's asynchronous send and
 * continues from the completion callback, so no thread waits on a slow socket; a frame that stays in
 * flight too long is found by the keepalive scheduler ({@link #inFlightNanos}).
 */
final class OutboundQueue {

    /** Stands for a WebSocket Ping in {@link Listener#written}. */
    static final Object PING = new Object();

    interface Listener {
        /**
         * A frame left: {@code item} is a {@link Message}, a reply's UTF-8 {@code byte[]} or {@link #PING};
         * {@code bytes} is the frame's size.
         */
        void written(Object item, int bytes);

        void failed(Throwable cause);
    }

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean pingWaiting = new AtomicBoolean();
    private final FrameSender sender;
    private final Executor writers;
    private final long limitBytes;
    private final Listener listener;
    private volatile long inFlightSince;
    private volatile boolean closed;

    /** @param writers runs drains, which never block */
    OutboundQueue(FrameSender sender, Executor writers, long limitBytes, Listener listener) {
        this.sender = sender;
        this.writers = writers;
        this.limitBytes = limitBytes;
        this.listener = listener;
    }

    /**
     * Queues a frame, or a {@link NewestMessage} counted as 0 bytes (it holds one message at a time, so it
     * cannot make the queue grow). Returns false, queuing nothing, when it would take the queue past its
     * limit, unless {@code force} (replies and recovery, which the client asked for, are never refused).
     */
    boolean offer(Object item, int bytes, boolean force) {
        if (closed) {
            return true;
        }
        if (queuedBytes.addAndGet(bytes) > limitBytes && !force) {
            queuedBytes.addAndGet(-bytes);
            return false;
        }
        queue.add(item);
        if (writing.compareAndSet(false, true)) {
            writers.execute(this::drain);
        }
        return true;
    }

    /**
     * Sends a Ping as the next frame, ahead of everything queued: keepalive measures the peer, not this
     * server's backlog, so a server that falls behind does not time out every connection with 4000.
     */
    void offerPing() {
        if (closed) {
            return;
        }
        pingWaiting.set(true);
        if (writing.compareAndSet(false, true)) {
            writers.execute(this::drain);
        }
    }

    /** Nanoseconds the current write has been in flight, 0 when idle. */
    long inFlightNanos() {
        long since = inFlightSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    /** Stops writing; returns how many messages were still queued. */
    int close() {
        closed = true;
        int dropped = 0;
        for (Object item; (item = queue.poll()) != null; ) {
            if (item instanceof Message || item instanceof NewestMessage place && place.take() != null) {
                dropped++;
            }
        }
        return dropped;
    }

    /** Runs while this writer owns {@code writing}; hands ownership to the completion callback when async. */
    private void drain() {
        while (true) {
            Object item = pingWaiting.get() && pingWaiting.compareAndSet(true, false) ? PING : queue.poll();
            if (item == null) {
                writing.set(false);
                if (queue.isEmpty() && !pingWaiting.get() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (closed) {
                continue;
            }
            int queuedBytes = 0;
            if (item instanceof NewestMessage place) {
                item = place.take();
                if (item == null) {
                    continue;
                }
            } else {
                queuedBytes = size(item);
            }
            inFlightSince = System.nanoTime();
            Send send = new Send(item, queuedBytes);
            try {
                if (item == PING) {
                    sender.sendPing(send);
                } else {
                    sender.send(item instanceof Message message ? message.frame() : (byte[]) item, send);
                }
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (!send.returned()) {
                return;
            }
        }
    }

    private void fail(Throwable cause) {
        inFlightSince = 0;
        closed = true;
        listener.failed(cause);
    }

    private void sent(Object item, int queued) {
        inFlightSince = 0;
        queuedBytes.addAndGet(-queued);
        listener.written(item, size(item));
    }

    private static int size(Object item) {
        return item == PING ? 0 : item instanceof Message message ? message.frame().length : ((byte[]) item).length;
    }

    /**
     * One frame's completion. The container may call it before the send returns, on the sending thread;
     * then the sending loop goes on, otherwise the callback continues draining.
     */
    private final class Send implements SendHandler {
        private final Object item;
        private final int queued;
        private final Thread sender = Thread.currentThread();
        private volatile boolean sendReturned;
        private boolean completedInline;

        Send(Object item, int queued) {
            this.item = item;
            this.queued = queued;
        }

        /** Marks the send call as returned; true when the frame was already written by then. */
        boolean returned() {
            sendReturned = true;
            return completedInline;
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                fail(result.getException());
                return;
            }
            sent(item, queued);
            if (Thread.currentThread() == sender && !sendReturned) {
                completedInline = true;
            } else {
                drain();
            }
        }
    }
}

package dev.herald.ws;

import dev.herald.channel.Message;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's bounded outbound queue and its writer. Enqueuing never blocks and never writes: it only
 * wakes a writer task. The writer takes everything queued (up to a batch) into one asynchronous send, which
 * the sender makes one socket write where it can, and continues from the completion callback, so no thread waits on a slow socket; a frame that stays in
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

    /**
     * Bytes one batch collects at most: enough frames per write that system calls stop being the cost, few
     * enough that one connection's backlog does not sit in one huge write.
     */
    private static final int BATCH_BYTES = 64 * 1024;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean pingWaiting = new AtomicBoolean();
    private final FrameSender sender;
    private final Executor writers;
    private final long limitBytes;
    private final Listener listener;
    private final Runnable drainTask = this::drain;
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
            writers.execute(drainTask);
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
            writers.execute(drainTask);
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
            Send send = nextBatch();
            if (send == null) {
                writing.set(false);
                if (queue.isEmpty() && !pingWaiting.get() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            inFlightSince = System.nanoTime();
            try {
                sender.send(send.frames, send.count, send);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (!send.returned()) {
                return;
            }
        }
    }

    /**
     * Takes what the sender writes at once: a waiting Ping first, then queued frames, up to its batch limit or
     * {@link #BATCH_BYTES}. Null when there is nothing to write.
     */
    private Send nextBatch() {
        Send send = null;
        int bytes = 0;
        int limit = sender.batchLimit();
        while (send == null || send.count < limit && bytes < BATCH_BYTES) {
            Object item = pingWaiting.get() && pingWaiting.compareAndSet(true, false) ? PING : queue.poll();
            if (item == null) {
                break;
            }
            if (closed) {
                continue;
            }
            int queued = 0;
            if (item instanceof NewestMessage place) {
                item = place.take();
                if (item == null) {
                    continue;
                }
            } else {
                queued = size(item);
            }
            if (send == null) {
                send = new Send(limit);
            }
            send.add(item, queued);
            bytes += size(item);
        }
        return send;
    }

    private void fail(Throwable cause) {
        inFlightSince = 0;
        closed = true;
        listener.failed(cause);
    }

    private void sent(Send send) {
        inFlightSince = 0;
        queuedBytes.addAndGet(-send.queued);
        for (int i = 0; i < send.count; i++) {
            Object item = send.items[i];
            listener.written(item, size(item));
        }
    }

    private static int size(Object item) {
        return item == PING ? 0 : item instanceof Message message ? message.frame().length : ((byte[]) item).length;
    }

    /**
     * One batch of frames and its completion. The container may call it before the send returns, on the
     * sending thread; then the sending loop goes on, otherwise the callback continues draining.
     */
    private final class Send implements SendHandler {
        /** As queued: {@link Message}, {@code byte[]} or {@link #PING}. */
        Object[] items;
        /** What the sender writes: the UTF-8 bytes, or {@link #PING}. */
        Object[] frames;
        int count;
        long queued;
        private final Thread sender = Thread.currentThread();
        private volatile boolean sendReturned;
        private boolean completedInline;

        /** Starts small: at low rates a batch is mostly one frame. */
        Send(int limit) {
            items = new Object[Math.min(limit, 4)];
            frames = new Object[items.length];
        }

        void add(Object item, int queuedBytes) {
            if (count == items.length) {
                items = Arrays.copyOf(items, count * 4);
                frames = Arrays.copyOf(frames, count * 4);
            }
            items[count] = item;
            frames[count] = item instanceof Message message ? message.frame() : item;
            count++;
            queued += queuedBytes;
        }

        /** Marks the send call as returned; true when the frames were already written by then. */
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
            sent(this);
            if (Thread.currentThread() == sender && !sendReturned) {
                completedInline = true;
            } else {
                drain();
            }
        }
    }
}

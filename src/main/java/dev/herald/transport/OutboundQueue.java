package dev.herald.transport;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's bounded outbound queue and its writer. Enqueuing never blocks and never writes: it only
 * wakes a writer task. The writer takes everything queued (up to a batch) into one asynchronous send, which
 * the {@link FrameWriter} makes one socket write where it can, and continues from the completion callback, so
 * no thread waits on a slow socket; a frame that stays in flight too long is found by whoever watches
 * {@link #inFlightNanos}.
 */
public final class OutboundQueue {

    public interface Listener {
        /**
         * A frame left: a {@link OutboundFrame.Shared}, {@link OutboundFrame.Text} or {@link OutboundFrame.Ping}
         * (a {@link OutboundFrame.Newest} slot reports the frame it held); {@code bytes} is its payload's size.
         * {@code atNanos} ({@link System#nanoTime()}) and {@code atMillis} (epoch) are when its batch was written,
         * read once per batch: read per frame, the clock was an eighth of the event loop's own CPU in
         * the benchmark's slow-reader scenario.
         */
        void written(OutboundFrame frame, int bytes, long atNanos, long atMillis);

        void failed(Throwable cause);
    }

    /**
     * Bytes one batch collects at most: enough frames per write that system calls stop being the cost, few
     * enough that one connection's backlog does not sit in one huge write.
     */
    private static final int BATCH_BYTES = 64 * 1024;

    private final ConcurrentLinkedQueue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean pingWaiting = new AtomicBoolean();
    /** A drain is waiting for the write window; whoever clears it runs that drain (the timer or {@link #expedite}). */
    private final AtomicBoolean windowWait = new AtomicBoolean();

    private final FrameWriter writer;
    private final DrainLoop writers;
    private final long limitBytes;
    private final Listener listener;
    private final Runnable drainTask = this::drain;
    private final Runnable drainAfterWindow = this::drainAfterWindow;
    private volatile long inFlightSince;
    /** When the last write started; read by whoever takes {@code writing} over from the writer that set it. */
    private long lastWriteNanos;

    private volatile boolean closed;

    /** @param writers runs drains, which never block, and holds them for its write window */
    public OutboundQueue(FrameWriter writer, DrainLoop writers, long limitBytes, Listener listener) {
        this.writer = writer;
        this.writers = writers;
        this.limitBytes = limitBytes;
        this.listener = listener;
        this.lastWriteNanos = System.nanoTime() - writers.windowNanos() - 1;
    }

    /**
     * Queues a frame, or a {@link OutboundFrame.Newest} slot counted as 0 bytes (it holds one frame at a time,
     * so it cannot make the queue grow); a Ping goes ahead as {@link #offerPing}. Returns false, queuing
     * nothing, when it would take the queue past its limit, unless {@code force} (replies and recovery, which
     * the client asked for, are never refused).
     */
    public boolean offer(OutboundFrame item, boolean force) {
        if (closed) {
            return true;
        }
        if (item instanceof OutboundFrame.Ping) {
            offerPing();
            return true;
        }
        int bytes = OutboundFrame.payloadBytes(item);
        long queued = queuedBytes.addAndGet(bytes);
        if (queued > limitBytes && !force) {
            queuedBytes.addAndGet(-bytes);
            return false;
        }
        queue.add(item);
        // a reply or notice never waits: the client waits for it. Nor does a full batch: waiting longer would
        // gather no more into its write, and would only hold a fast reader's bytes against its queue's limit
        boolean urgent = item instanceof OutboundFrame.Text || queued >= BATCH_BYTES;
        if (writing.compareAndSet(false, true)) {
            if (urgent) {
                writers.execute(drainTask);
            } else {
                windowWait.set(true);
                writers.afterWindow(drainAfterWindow, lastWriteNanos);
            }
        } else if (urgent) {
            expedite();
        }
        return true;
    }

    /**
     * Sends a Ping as the next frame, ahead of everything queued: keepalive measures the peer, not this
     * server's backlog, so a server that falls behind does not time out every connection with 4000. A Ping
     * does not wait for the write window (it would add up to the window to the measured round trip): it goes at
     * once, with whatever was waiting for the window.
     */
    public void offerPing() {
        if (closed) {
            return;
        }
        pingWaiting.set(true);
        if (writing.compareAndSet(false, true)) {
            writers.execute(drainTask);
        } else {
            expedite();
        }
    }

    /** Lets a drain that waits for the write window go at once; nothing when none waits (a write is in flight). */
    private void expedite() {
        if (windowWait.get() && windowWait.compareAndSet(true, false)) {
            writers.execute(drainTask);
        }
    }

    /** The drain the write window let go, unless {@link #expedite} took it first. */
    private void drainAfterWindow() {
        if (windowWait.compareAndSet(true, false)) {
            drain();
        }
    }

    /** Nanoseconds the current write has been in flight, 0 when idle. */
    public long inFlightNanos() {
        long since = inFlightSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Stops writing; returns how many messages were still queued. */
    public int close() {
        closed = true;
        int dropped = 0;
        for (OutboundFrame item; (item = queue.poll()) != null; ) {
            if (item instanceof OutboundFrame.Shared
                    || item instanceof OutboundFrame.Newest place && place.take() != null) {
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
            long now = System.nanoTime();
            inFlightSince = now;
            lastWriteNanos = now;
            try {
                writer.write(send.frames, send.count, send);
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
     * Takes what the writer writes at once: a waiting Ping first, then queued frames, up to its batch limit or
     * {@link #BATCH_BYTES}. Null when there is nothing to write.
     */
    private Send nextBatch() {
        Send send = null;
        int bytes = 0;
        int limit = writer.batchLimit();
        while (send == null || send.count < limit && bytes < BATCH_BYTES) {
            OutboundFrame item = pingWaiting.get() && pingWaiting.compareAndSet(true, false)
                    ? OutboundFrame.Ping.INSTANCE
                    : queue.poll();
            if (item == null) {
                break;
            }
            if (closed) {
                continue;
            }
            int size;
            int queued;
            if (item instanceof OutboundFrame.Newest place) {
                item = place.take();
                if (item == null) {
                    continue;
                }
                size = OutboundFrame.payloadBytes(item);
                queued = 0;
            } else {
                size = OutboundFrame.payloadBytes(item);
                queued = size;
            }
            if (send == null) {
                send = new Send(limit);
            }
            send.add(item, queued);
            bytes += size;
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
        long atNanos = System.nanoTime();
        long atMillis = System.currentTimeMillis();
        for (int i = 0; i < send.count; i++) {
            OutboundFrame frame = send.frames[i];
            listener.written(frame, OutboundFrame.payloadBytes(frame), atNanos, atMillis);
        }
    }

    /**
     * One batch of frames and its completion. The container may call it before the send returns, on the
     * sending thread; then the sending loop goes on, otherwise the callback continues draining.
     */
    private final class Send implements SendHandler {
        /** What the writer writes: never a {@link OutboundFrame.Newest}, which is resolved when taken. */
        OutboundFrame[] frames;

        int count;
        long queued;
        private final Thread sender = Thread.currentThread();
        private volatile boolean sendReturned;
        private boolean completedInline;

        /** Starts small: at low rates a batch is mostly one frame. */
        Send(int limit) {
            frames = new OutboundFrame[Math.min(limit, 4)];
        }

        void add(OutboundFrame frame, int queuedBytes) {
            if (count == frames.length) {
                frames = Arrays.copyOf(frames, count * 4);
            }
            frames[count] = frame;
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

package dev.herald.transport.netty;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's calls to its handler, run one at a time and in order on {@code pool}: frames are read on an
 * event loop, which must not wait for a handler that may wait (a subscribe with Redis history). Where the handler
 * cannot wait the pool is the calling thread itself. Made held by the thread that opens the session, so frames
 * read before the handler has heard of the session wait for it.
 */
final class OrderedCalls {

    private static final Logger log = LoggerFactory.getLogger(OrderedCalls.class);

    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Executor pool;
    private final Runnable runAll = this::runAll;

    OrderedCalls(Executor pool) {
        this.pool = pool;
    }

    void execute(Runnable call) {
        calls.add(call);
        if (running.compareAndSet(false, true)) {
            pool.execute(runAll);
        }
    }

    /** Ends the opening thread's hold: calls that came meanwhile run on the pool. */
    void release() {
        running.set(false);
        if (!calls.isEmpty() && running.compareAndSet(false, true)) {
            pool.execute(runAll);
        }
    }

    private void runAll() {
        do {
            for (Runnable call; (call = calls.poll()) != null; ) {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    log.warn("event=ws.handler_failed error=\"{}\"", e.toString(), e);
                }
            }
            running.set(false);
            // a call added after the last poll, whose adder saw this running, is taken up here
        } while (!calls.isEmpty() && running.compareAndSet(false, true));
    }
}

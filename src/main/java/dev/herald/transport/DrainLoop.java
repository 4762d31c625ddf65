package dev.herald.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the outbound drains of every connection on at most {@code workers} threads of a pool. A drain that
 * becomes due joins one shared ready list, and each running worker takes drains from it until the list is
 * empty: a message fanned out to a thousand connections costs a thousand list insertions and a wake-up or
 * two, where a task per connection cost a thousand hand-offs between threads, each with its wake-up.
 */
public final class DrainLoop implements Executor {

    private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final Executor pool;
    private final int workers;

    public DrainLoop(Executor pool, int workers) {
        this.pool = pool;
        this.workers = workers;
    }

    @Override
    public void execute(Runnable drain) {
        ready.add(drain);
        if (running.get() < workers && claimWorker()) {
            pool.execute(this::work);
        }
    }

    private boolean claimWorker() {
        for (int now = running.get(); now < workers; now = running.get()) {
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    private void work() {
        do {
            for (Runnable drain; (drain = ready.poll()) != null; ) {
                try {
                    drain.run();
                } catch (RuntimeException e) {
                    log.warn("event=ws.drain_failed error=\"{}\"", e.toString(), e);
                }
            }
            running.decrementAndGet();
            // a drain added after the last poll, whose adder saw every worker running, is taken up here
        } while (!ready.isEmpty() && claimWorker());
    }
}

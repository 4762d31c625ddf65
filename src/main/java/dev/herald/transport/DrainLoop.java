package dev.herald.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the outbound drains of every connection on at most {@code workers} threads of a pool. A drain that
 * becomes due joins one shared ready list, and each running worker takes drains from it until the list is
 * empty: a message fanned out to a thousand connections costs a thousand list insertions and a wake-up or
 * two, where a task per connection cost a thousand hand-offs between threads, each with its wake-up.
 *
 * <p>With a write window, a connection written to less than the window ago waits for the window's end
 * ({@link #afterWindow}), and what was queued for it meanwhile leaves in one write: at 100 messages a second and
 * a 30 ms window a connection gets one write (and one TCP segment, the kernel's cost) per three messages instead
 * of one per message, for at most the window's added latency. Connections written to less often never wait. One
 * timer per loop serves every waiting connection.
 */
public final class DrainLoop implements Executor {

    private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

    /** A timer that would fire this soon after another lets the drains of both go at once. */
    private static final long TIMER_SLACK_NANOS = 1_000_000;

    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean timerSet = new AtomicBoolean();
    private final Executor pool;
    private final int workers;
    private final ScheduledExecutorService timer;
    private final long windowNanos;

    /** A loop without a write window: every drain runs when it becomes due. */
    public DrainLoop(Executor pool, int workers) {
        this(pool, workers, null, 0);
    }

    /**
     * @param timer       lets waiting drains go; null with no window
     * @param windowNanos the write window, 0 for none
     */
    public DrainLoop(Executor pool, int workers, ScheduledExecutorService timer, long windowNanos) {
        this.pool = pool;
        this.workers = workers;
        this.timer = timer;
        this.windowNanos = timer == null ? 0 : windowNanos;
    }

    /** Nanoseconds a connection waits after a write before the next; 0 when drains never wait. */
    public long windowNanos() {
        return windowNanos;
    }

    /**
     * Runs {@code drain} once the write window after {@code lastWriteNanos} (a {@link System#nanoTime()}) ended:
     * at once if it has, else when the loop's timer comes to it.
     */
    public void afterWindow(Runnable drain, long lastWriteNanos) {
        long due = lastWriteNanos + windowNanos;
        long wait = windowNanos == 0 ? 0 : due - System.nanoTime();
        if (wait <= 0) {
            execute(drain);
            return;
        }
        waiting.add(new Waiting(drain, due));
        if (timerSet.compareAndSet(false, true)) {
            timer.schedule(this::letDueGo, wait, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Lets the waiting drains go whose window ended (or ends within {@link #TIMER_SLACK_NANOS}), and sets the timer
     * for the next. Drains wait in the order they came, which is nearly the order their windows end: one that
     * came after a later one goes with it, still within its window from when it came.
     */
    private void letDueGo() {
        while (true) {
            long now = System.nanoTime();
            for (Waiting next; (next = waiting.peek()) != null; ) {
                long wait = next.due - now;
                if (wait > TIMER_SLACK_NANOS) {
                    timer.schedule(this::letDueGo, wait, TimeUnit.NANOSECONDS);
                    return;
                }
                waiting.poll();
                execute(next.drain);
            }
            timerSet.set(false);
            // one added after the last peek, whose adder saw the timer set, is taken up here
            if (waiting.isEmpty() || !timerSet.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private record Waiting(Runnable drain, long due) {}

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

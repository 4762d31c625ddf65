package dev.herald.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The one place that makes Herald's threads: every pool, sized from {@code herald.executors.*}, with daemon
 * threads named {@code herald-<pool>-<n>}, and registered with Micrometer ({@code executor_*} metrics tagged
 * {@code name=herald.<pool>}: pool size, active threads, queued and completed tasks). Timed work of every
 * feature runs on the one {@link #scheduler()} through {@link #every}; nothing uses {@code @Scheduled}.
 */
@Component
public class HeraldExecutors implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HeraldExecutors.class);

    private final MeterRegistry registry;
    private final List<ExecutorService> all = new ArrayList<>();
    private final ExecutorService writers;
    private final int writerThreads;
    private final ExecutorService closers;
    private final ExecutorService blockingSends;
    private final ExecutorService relays;
    private final ExecutorService clusterWorkers;
    private final ScheduledThreadPoolExecutor scheduler;

    public HeraldExecutors(ExecutorsProperties properties, MeterRegistry registry) {
        this.registry = registry;
        writerThreads = ExecutorsProperties.perCore(properties.writers());
        writers = pool("writer", writerThreads);
        closers = pool("closer", properties.closers());
        blockingSends = pool("ping", properties.blockingSends());
        relays = pool("relay", ExecutorsProperties.perCore(properties.relays()));
        clusterWorkers = pool("cluster", properties.clusterWorkers());
        scheduler = new ScheduledThreadPoolExecutor(properties.scheduler(), daemonThreads("timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        register(scheduler, "timer");
    }

    /** The one factory of Herald's threads: daemon threads named {@code herald-<pool>-<n>}. */
    public static ThreadFactory daemonThreads(String pool) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory("herald-" + pool + "-");
        factory.setDaemon(true);
        return factory;
    }

    /** Drain outbound queues (through one drain loop, which needs {@link #writerThreads()}). */
    public ExecutorService writers() {
        return writers;
    }

    public int writerThreads() {
        return writerThreads;
    }

    /** Carry out closes, which may wait on a peer that does not read. */
    public ExecutorService closers() {
        return closers;
    }

    /** Blocking sends: Pings on the standard writer. */
    public ExecutorService blockingSends() {
        return blockingSends;
    }

    /** Order each Redis channel's messages for this node's subscribers. */
    public ExecutorService relays() {
        return relays;
    }

    /** Answer other nodes' requests. */
    public ExecutorService clusterWorkers() {
        return clusterWorkers;
    }

    /** Timed work: one-shot delays (retries) and, through {@link #every}, periodic tasks. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Runs {@code task} every {@code period} (the first time one period from now), each run {@code period}
     * after the previous one ended. A run that throws is logged and the next one still comes, which a bare
     * {@link ScheduledExecutorService} would not do. Cancel the returned future to stop.
     */
    public ScheduledFuture<?> every(Duration period, String name, Runnable task) {
        long nanos = period.toNanos();
        return scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("event=timer.task_failed task={}", name, e);
                    }
                },
                nanos,
                nanos,
                TimeUnit.NANOSECONDS);
    }

    private ExecutorService pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads(name));
        pool.allowCoreThreadTimeOut(true);
        register(pool, name);
        return pool;
    }

    /** Gauges and counters only: the executor is not wrapped, so no task pays for a timer. */
    private void register(ExecutorService executor, String name) {
        all.add(executor);
        new ExecutorServiceMetrics(executor, "herald." + name, Tags.empty()).bindTo(registry);
    }

    @Override
    public void destroy() {
        all.forEach(ExecutorService::shutdownNow);
    }
}

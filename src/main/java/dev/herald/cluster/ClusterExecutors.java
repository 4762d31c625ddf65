package dev.herald.cluster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/**
 * The threads of the cluster feature: relays order each channel's messages (they may wait on Redis for a
 * replay, a bounded time); workers answer other nodes' admin requests; the timer beats the heartbeat,
 * keeps subscribed channels alive in Redis and retries what failed while Redis was away.
 */
final class ClusterExecutors implements DisposableBean {

    final ExecutorService relays;
    final ExecutorService workers;
    final ScheduledExecutorService timer;

    ClusterExecutors() {
        relays = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("herald-relay-"));
        workers = Executors.newFixedThreadPool(2, daemon("herald-cluster-"));
        timer = Executors.newScheduledThreadPool(1, daemon("herald-cluster-timer-"));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        relays.shutdownNow();
        workers.shutdownNow();
        timer.shutdownNow();
    }
}

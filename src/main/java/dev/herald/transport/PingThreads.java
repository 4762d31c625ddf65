package dev.herald.transport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Threads where the standard writer sends Pings, which the Jakarta WebSocket API sends only blocking; a Ping
 * may wait there for a peer that stopped reading (bounded by the container's blocking send timeout). Idle
 * threads end, so a server on the gathered writer keeps none.
 */
@Component
class PingThreads implements DisposableBean {

    private final ThreadPoolExecutor pool;

    PingThreads() {
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "herald-ping-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    ExecutorService pool() {
        return pool;
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}

package dev.herald.ws;

import dev.herald.transport.DrainLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads of the WebSocket feature: writers run outbound drains through one {@link DrainLoop} (one per
 * core is enough, since sends are asynchronous); closers carry out closes, which may wait on a peer that does
 * not read.
 */
@Component
class WsExecutors implements DisposableBean {

    /** Closes that may wait on a stuck peer at once, each for up to the send time. */
    private static final int CLOSER_THREADS = 64;

    final Executor writers;
    private final ExecutorService writerThreads;
    final ExecutorService closers;

    WsExecutors() {
        int cores = Runtime.getRuntime().availableProcessors();
        int writerCount = Math.max(2, cores);
        writerThreads = pool("herald-writer-", writerCount);
        writers = new DrainLoop(writerThreads, writerCount);
        // a close to a peer that stopped reading holds its thread until the close frame is written or
        // herald.limits.send-time passes; threads are made only when closes overlap, and idle ones end
        closers = pool("herald-closer-", CLOSER_THREADS);
    }

    private static ExecutorService pool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, prefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void destroy() {
        writerThreads.shutdownNow();
        closers.shutdownNow();
    }
}

package dev.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainLoopTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void everyDrainRunsOnceWithNoMoreWorkersAtATimeThanAllowed() throws InterruptedException {
        DrainLoop loop = new DrainLoop(pool, 2);
        int producers = 4;
        int perProducer = 50_000;
        CountDownLatch done = new CountDownLatch(producers * perProducer);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        Runnable drain = () -> {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            concurrent.decrementAndGet();
            done.countDown();
        };
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            threads[p] = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    loop.execute(drain);
                }
            });
            threads[p].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(done.await(20, TimeUnit.SECONDS))
                .as("no drain is left waiting without a worker")
                .isTrue();
        assertThat(mostConcurrent.get()).isBetween(1, 2);
    }

    @Test
    void aDrainThatThrowsDoesNotStopTheOthers() throws InterruptedException {
        DrainLoop loop = new DrainLoop(pool, 1);
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(() -> {
            throw new IllegalStateException("a broken drain");
        });
        loop.execute(ran::countDown);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }
}

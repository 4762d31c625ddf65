package dev.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainLoopTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aDrainWhoseWriteWindowEndedRunsAtOnceAndOneWithinItWaitsForItsEnd() throws InterruptedException {
        long window = TimeUnit.MILLISECONDS.toNanos(300);
        DrainLoop loop = new DrainLoop(Runnable::run, 1, timer, window);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch bothRan = new CountDownLatch(2);

        long start = System.nanoTime();
        loop.afterWindow(() -> ran.add("written long ago"), start - window);
        assertThat(ran).as("run on the calling thread, at once").containsExactly("written long ago");

        long[] ranAfter = new long[2];
        loop.afterWindow(
                () -> {
                    ranAfter[0] = System.nanoTime() - start;
                    bothRan.countDown();
                },
                start);
        loop.afterWindow(
                () -> {
                    ranAfter[1] = System.nanoTime() - start;
                    bothRan.countDown();
                },
                start - window / 2);
        assertThat(bothRan.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(ranAfter[0])
                .as("not before the window after its write ended")
                .isGreaterThan(window - 1_000_000);
        assertThat(ranAfter[1]).as("not before its own, shorter, wait").isGreaterThan(window / 2 - 1_000_000);
    }

    @Test
    void withoutAWindowEveryDrainRunsAtOnce() {
        DrainLoop loop = new DrainLoop(Runnable::run, 1);
        List<String> ran = new ArrayList<>();

        loop.afterWindow(() -> ran.add("just written"), System.nanoTime());

        assertThat(ran).containsExactly("just written");
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

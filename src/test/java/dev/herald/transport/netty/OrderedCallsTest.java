package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection's handler calls run on a pool one at a time, in order, and none before the session opened. */
class OrderedCallsTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void callsWaitForTheOpeningThreadAndThenRunInOrder() throws InterruptedException {
        OrderedCalls calls = new OrderedCalls(pool);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            calls.execute(() -> ran.add(n));
        }
        Thread.sleep(50);
        assertThat(ran).as("nothing runs while the opener holds the calls").isEmpty();

        calls.release();
        for (int i = 100; i < 1000; i++) {
            int n = i;
            calls.execute(() -> ran.add(n));
        }

        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasSize(1000).isSorted();
    }

    @Test
    void aCallThatFailsDoesNotStopTheOnesAfterIt() throws InterruptedException {
        OrderedCalls calls = new OrderedCalls(pool);
        List<String> ran = new CopyOnWriteArrayList<>();
        calls.release();
        calls.execute(() -> {
            throw new IllegalStateException("a handler bug");
        });
        calls.execute(() -> ran.add("after"));

        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("after");
    }
}

package dev.herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    /** A pool whose turns run only when the test says so. */
    private final Queue<Runnable> turns = new ArrayDeque<>();

    private final SerialExecutor serial = new SerialExecutor(turns::add);

    @Test
    void tasksRunInSubmissionOrderAndNeverTwoAtOnceOnARealPool() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> ran = new ArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            int count = 5_000;
            for (int i = 0; i < count; i++) {
                int task = i;
                serial.execute(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    ran.add(task);
                    running.decrementAndGet();
                    finished.incrementAndGet();
                });
            }

            // the counter's write after each task makes that task's list write visible here
            await().atMost(Duration.ofSeconds(10)).untilAtomic(finished, Matchers.equalTo(count));
            assertThat(ran)
                    .containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
            assertThat(mostAtOnce).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTurnRunsAtMostOneBatchThenHandsThePoolThreadBackAndQueuesTheNextTurn() {
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < SerialExecutor.BATCH + 10; i++) {
            serial.execute(ran::incrementAndGet);
        }
        assertThat(turns).as("one turn asked of the pool for many tasks").hasSize(1);

        turns.poll().run();
        assertThat(ran).hasValue(SerialExecutor.BATCH);
        assertThat(turns).as("the rest in a new turn, behind other pool work").hasSize(1);

        turns.poll().run();
        assertThat(ran).hasValue(SerialExecutor.BATCH + 10);
        assertThat(turns).isEmpty();
    }

    @Test
    void aTaskSubmittedAfterTheQueueRanDryStartsANewTurn() {
        AtomicInteger ran = new AtomicInteger();
        serial.execute(ran::incrementAndGet);
        turns.poll().run();
        assertThat(turns).isEmpty();

        serial.execute(ran::incrementAndGet);

        assertThat(turns).hasSize(1);
        turns.poll().run();
        assertThat(ran).hasValue(2);
    }

    @Test
    void aFailingTaskIsLoggedAndTheTasksBehindItStillRun() {
        List<String> ran = new ArrayList<>();
        serial.execute(() -> ran.add("first"));
        serial.execute(() -> {
            throw new IllegalStateException("this task fails on purpose");
        });
        serial.execute(() -> ran.add("third"));

        turns.poll().run();

        assertThat(ran).containsExactly("first", "third");
    }
}

package dev.herald.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

class HeraldExecutorsTest {

    private SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HeraldExecutors executors = executors(new MockEnvironment());

    @AfterEach
    void shutDown() {
        executors.destroy();
    }

    @Test
    void poolsAreSizedFromTheSettingsAndOnePerCoreWhereZero() {
        executors.destroy();
        registry = new SimpleMeterRegistry();
        executors = executors(new MockEnvironment()
                .withProperty("herald.executors.cluster-workers", "3")
                .withProperty("herald.executors.relays", "0"));

        assertThat(gauge("executor.pool.max", "herald.cluster")).isEqualTo(3);
        assertThat(gauge("executor.pool.max", "herald.relay"))
                .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(gauge("executor.pool.core", "herald.timer")).as("default").isEqualTo(2);
    }

    @Test
    void everyPoolIsMeasuredAndItsThreadsAreNamedDaemons() throws Exception {
        Thread thread = CompletableFuture.supplyAsync(Thread::currentThread, executors.relays())
                .get();

        assertThat(thread.getName()).startsWith("herald-relay-");
        assertThat(thread.isDaemon()).isTrue();
        for (String pool : new String[] {"writer", "closer", "ping", "relay", "cluster", "timer"}) {
            assertThat(registry.find("executor.completed")
                            .tag("name", "herald." + pool)
                            .functionCounter())
                    .as("executor metrics of %s", pool)
                    .isNotNull();
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(registry.get("executor.completed")
                                .tag("name", "herald.relay")
                                .functionCounter()
                                .count())
                        .isEqualTo(1));
    }

    @Test
    void aPeriodicTaskThatThrowsRunsAgainAtItsNextPeriod() {
        AtomicInteger runs = new AtomicInteger();

        ScheduledFuture<?> task = executors.every(Duration.ofMillis(10), "failing", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("this task fails on purpose");
        });

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(runs).hasValueGreaterThanOrEqualTo(3));
        task.cancel(false);
    }

    private double gauge(String name, String pool) {
        return registry.get(name).tag("name", pool).gauge().value();
    }

    private HeraldExecutors executors(MockEnvironment environment) {
        ExecutorsProperties properties =
                Binder.get(environment).bindOrCreate("herald.executors", ExecutorsProperties.class);
        return new HeraldExecutors(properties, registry);
    }
}

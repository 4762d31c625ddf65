package dev.herald.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeraldMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HeraldMetrics metrics = new HeraldMetrics(registry);

    @Test
    void everyDocumentedTagValueIsRegisteredAtZeroFromTheStart() {
        Map<String, List<String>> documented = Map.of(
                "herald.connections.closed",
                        List.of(
                                "normal",
                                "going_away",
                                "abnormal",
                                "protocol",
                                "too_large",
                                "keepalive_timeout",
                                "token_expired",
                                "slow_consumer",
                                "rate_limited",
                                "admin",
                                "error",
                                "unauthorized"),
                "herald.handshakes.rejected", List.of("missing_token", "invalid_token", "expired_token", "origin"),
                "herald.messages.published", List.of("api", "ws", "volume"),
                "herald.messages.dropped", List.of("slow_consumer", "closed"));

        documented.forEach((name, values) -> {
            String tag = name.equals("herald.messages.published") ? "source" : "reason";
            for (String value : values) {
                Counter counter = registry.find(name).tag(tag, value).counter();
                assertThat(counter).as("%s{%s=%s}", name, tag, value).isNotNull();
                assertThat(counter.count()).isZero();
            }
        });
    }

    @Test
    void everyUntaggedMeterIsRegisteredFromTheStart() {
        for (String name : List.of(
                "herald.connections.active",
                "herald.subscriptions.active",
                "herald.connections.opened",
                "herald.messages.delivered",
                "herald.messages.conflated",
                "herald.keepalive.pings",
                "herald.keepalive.timeouts",
                "herald.delivery.latency",
                "herald.keepalive.rtt",
                "herald.messages.replayed")) {
            assertThat(registry.find(name).meter()).as(name).isNotNull();
        }
    }

    @Test
    void eventsCountOnTheSeriesOfTheirTag() {
        metrics.published("api");
        metrics.published("api");
        metrics.published("ws");
        metrics.dropped("slow_consumer", 5);
        metrics.handshakeRejected("origin");

        assertThat(registry.get("herald.messages.published")
                        .tag("source", "api")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("herald.messages.published")
                        .tag("source", "ws")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("herald.messages.dropped")
                        .tag("reason", "slow_consumer")
                        .counter()
                        .count())
                .isEqualTo(5);
        assertThat(registry.get("herald.messages.dropped")
                        .tag("reason", "closed")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("herald.handshakes.rejected")
                        .tag("reason", "origin")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aTagValueOutsideTheDocumentedOnesIsCountedToo() {
        metrics.connectionOpened(HeraldMetrics.CLIENT);
        metrics.connectionClosed(HeraldMetrics.CLIENT, "peer_4xxx");

        assertThat(registry.get("herald.connections.closed")
                        .tag("reason", "peer_4xxx")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("herald.connections.active")
                        .tag("kind", "client")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void openingAndClosingMoveTheActiveGauge() {
        metrics.connectionOpened(HeraldMetrics.CLIENT);
        metrics.connectionOpened(HeraldMetrics.CLIENT);
        metrics.connectionClosed(HeraldMetrics.CLIENT, "normal");
        metrics.subscriptionsChanged(3);
        metrics.subscriptionsChanged(-1);

        assertThat(registry.get("herald.connections.active")
                        .tag("kind", "client")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("herald.connections.opened")
                        .tag("kind", "client")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("herald.subscriptions.active").gauge().value()).isEqualTo(2);
    }

    @Test
    void ingestStreamsAreCountedUnderTheirOwnKind() {
        metrics.connectionOpened(HeraldMetrics.INGEST);
        metrics.connectionOpened(HeraldMetrics.CLIENT);
        metrics.connectionClosed(HeraldMetrics.INGEST, "too_large");

        assertThat(registry.get("herald.connections.active")
                        .tag("kind", "ingest")
                        .gauge()
                        .value())
                .isZero();
        assertThat(registry.get("herald.connections.active")
                        .tag("kind", "client")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("herald.connections.opened")
                        .tag("kind", "ingest")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("herald.connections.closed")
                        .tag("kind", "ingest")
                        .tag("reason", "too_large")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("herald.connections.closed")
                        .tag("kind", "client")
                        .tag("reason", "too_large")
                        .counter()
                        .count())
                .isZero();
    }

    @Test
    void replaysAreDeliveredButNotTimedAsLatency() {
        metrics.delivered(System.nanoTime(), System.nanoTime());
        metrics.replayed();
        metrics.replayed();

        assertThat(registry.get("herald.delivery.latency").timer().count()).isEqualTo(1);
        assertThat(registry.get("herald.messages.replayed").counter().count()).isEqualTo(2);
        assertThat(registry.get("herald.messages.delivered").functionCounter().count())
                .isEqualTo(3);
    }
}

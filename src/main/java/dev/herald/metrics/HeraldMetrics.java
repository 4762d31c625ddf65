package dev.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Herald's meters under the contract's names (Micrometer renders {@code herald.messages.published} as
 * {@code herald_messages_published_total} in Prometheus). Meters are looked up once and kept, since most
 * are touched per message.
 */
@Component
public class HeraldMetrics {

    /*
     * The documented values of each tag (docs/protocol.md, Metrics). Their series are registered at start, so
     * that every contract metric is on the first scrape at 0, and rate() and alerts work before the first event.
     */
    static final List<String> CLOSE_REASONS = List.of(
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
            "invalid_data",
            "bad_request",
            "forbidden",
            "unauthorized");
    static final List<String> HANDSHAKE_REJECTIONS =
            List.of("missing_token", "invalid_token", "expired_token", "origin");
    static final List<String> PUBLISH_SOURCES = List.of("api", "ws", "volume");
    static final List<String> DROP_REASONS = List.of("slow_consumer", "closed");
    /** The {@code kind} of a connection: a client's {@code /v1/ws}, or a device's {@code /v1/ingest} stream. */
    public static final String CLIENT = "client";

    public static final String INGEST = "ingest";
    static final List<String> CONNECTION_KINDS = List.of(CLIENT, INGEST);

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> connectionsActive = new ConcurrentHashMap<>();
    private final Map<String, Counter> connectionsOpened = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptionsActive = new AtomicInteger();
    private final Counter conflated;
    private final Counter keepalivePings;
    private final Counter keepaliveTimeouts;
    private final Timer deliveryLatency;
    private final Counter replayed;
    private final Timer keepaliveRtt;
    private final Map<String, Counter> tagged = new ConcurrentHashMap<>();

    public HeraldMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String kind : CONNECTION_KINDS) {
            AtomicInteger active = new AtomicInteger();
            connectionsActive.put(kind, active);
            Gauge.builder("herald.connections.active", active, AtomicInteger::get)
                    .tag("kind", kind)
                    .description("Open WebSocket connections")
                    .register(registry);
            connectionsOpened.put(
                    kind,
                    Counter.builder("herald.connections.opened")
                            .tag("kind", kind)
                            .description("WebSocket connections accepted")
                            .register(registry));
            CLOSE_REASONS.forEach(reason -> closedCounter(kind, reason));
        }
        Gauge.builder("herald.subscriptions.active", subscriptionsActive, AtomicInteger::get)
                .description("Channel subscriptions of open connections")
                .register(registry);
        conflated = Counter.builder("herald.messages.conflated")
                .description("Messages skipped on conflated channels for a newer one")
                .register(registry);
        keepalivePings = Counter.builder("herald.keepalive.pings")
                .description("WebSocket Ping frames sent")
                .register(registry);
        keepaliveTimeouts = Counter.builder("herald.keepalive.timeouts")
                .description("Connections closed because no Pong came in time")
                .register(registry);
        deliveryLatency = Timer.builder("herald.delivery.latency")
                .description("From a live message's acceptance to its frame written to a subscriber's socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        replayed = Counter.builder("herald.messages.replayed")
                .description("Retained messages written to a subscriber that recovered with since")
                .register(registry);
        // every live delivery is timed: the delivered counter is that count plus the replays, which saves a
        // second add per delivery. Replays are not timed: their age is how long the subscriber was away.
        FunctionCounter.builder(
                        "herald.messages.delivered",
                        this,
                        metrics -> metrics.deliveryLatency.count() + metrics.replayed.count())
                .description("Message frames written to subscribers, live and replayed")
                .register(registry);
        keepaliveRtt = Timer.builder("herald.keepalive.rtt")
                .description("Round trip from a Ping to its Pong")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        HANDSHAKE_REJECTIONS.forEach(this::rejectedCounter);
        PUBLISH_SOURCES.forEach(this::publishedCounter);
        DROP_REASONS.forEach(this::droppedCounter);
    }

    /** @param kind {@link #CLIENT} or {@link #INGEST} */
    public void connectionOpened(String kind) {
        connectionsOpened.get(kind).increment();
        connectionsActive.get(kind).incrementAndGet();
    }

    public void connectionClosed(String kind, String reason) {
        connectionsActive.get(kind).decrementAndGet();
        closedCounter(kind, reason).increment();
    }

    public void handshakeRejected(String reason) {
        rejectedCounter(reason).increment();
    }

    public void published(String source) {
        publishedCounter(source).increment();
    }

    public void dropped(String reason, int count) {
        droppedCounter(reason).increment(count);
    }

    /** A live message written to a subscriber at {@code writtenNanos}: timed from its acceptance. */
    public void delivered(long acceptedNanos, long writtenNanos) {
        deliveryLatency.record(writtenNanos - acceptedNanos, TimeUnit.NANOSECONDS);
    }

    /** A retained message written to a subscriber that recovered: counted, not timed. */
    public void replayed() {
        replayed.increment();
    }

    public void conflated(int skipped) {
        conflated.increment(skipped);
    }

    public void keepalivePing() {
        keepalivePings.increment();
    }

    public void keepaliveTimeout() {
        keepaliveTimeouts.increment();
    }

    public void keepaliveRtt(long nanos) {
        keepaliveRtt.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void subscriptionsChanged(int delta) {
        subscriptionsActive.addAndGet(delta);
    }

    private Counter closedCounter(String kind, String reason) {
        return tagged.computeIfAbsent(
                "herald.connections.closed\0" + kind + '\0' + reason,
                k -> Counter.builder("herald.connections.closed")
                        .tag("kind", kind)
                        .tag("reason", reason)
                        .description("WebSocket connections closed")
                        .register(registry));
    }

    private Counter rejectedCounter(String reason) {
        return counter("herald.handshakes.rejected", "reason", reason, "WebSocket upgrades refused");
    }

    private Counter publishedCounter(String source) {
        return counter("herald.messages.published", "source", source, "Messages accepted");
    }

    private Counter droppedCounter(String reason) {
        return counter("herald.messages.dropped", "reason", reason, "Messages not delivered to a subscriber");
    }

    private Counter counter(String name, String tag, String value, String description) {
        return tagged.computeIfAbsent(
                name + '\0' + value,
                k -> Counter.builder(name)
                        .tag(tag, value)
                        .description(description)
                        .register(registry));
    }
}

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
    static final List<String> CLOSE_REASONS = List.of("normal", "going_away", "abnormal", "protocol", "too_large",
            "keepalive_timeout", "token_expired", "slow_consumer", "rate_limited", "admin", "error");
    static final List<String> HANDSHAKE_REJECTIONS = List.of("missing_token", "invalid_token", "expired_token",
            "origin");
    static final List<String> PUBLISH_SOURCES = List.of("api", "ws", "volume");
    static final List<String> DROP_REASONS = List.of("slow_consumer", "closed");

    private final MeterRegistry registry;
    private final AtomicInteger connectionsActive = new AtomicInteger();
    private final AtomicInteger subscriptionsActive = new AtomicInteger();
    private final Counter connectionsOpened;
    private final Counter conflated;
    private final Counter keepalivePings;
    private final Counter keepaliveTimeouts;
    private final Timer deliveryLatency;
    private final Timer keepaliveRtt;
    private final Map<String, Counter> tagged = new ConcurrentHashMap<>();

    HeraldMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("herald.connections.active", connectionsActive, AtomicInteger::get)
                .description("Open WebSocket connections").register(registry);
        Gauge.builder("herald.subscriptions.active", subscriptionsActive, AtomicInteger::get)
                .description("Channel subscriptions of open connections").register(registry);
        connectionsOpened = Counter.builder("herald.connections.opened")
                .description("WebSocket connections accepted").register(registry);
        conflated = Counter.builder("herald.messages.conflated")
                .description("Messages skipped on conflated channels for a newer one").register(registry);
        keepalivePings = Counter.builder("herald.keepalive.pings")
                .description("WebSocket Ping frames sent").register(registry);
        keepaliveTimeouts = Counter.builder("herald.keepalive.timeouts")
                .description("Connections closed because no Pong came in time").register(registry);
        deliveryLatency = Timer.builder("herald.delivery.latency")
                .description("From a message's acceptance to its frame written to a subscriber's socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        // every delivery is timed: its count is the delivered counter, which saves a second add per delivery
        FunctionCounter.builder("herald.messages.delivered", deliveryLatency, Timer::count)
                .description("Message frames written to subscribers").register(registry);
        keepaliveRtt = Timer.builder("herald.keepalive.rtt")
                .description("Round trip from a Ping to its Pong")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        CLOSE_REASONS.forEach(this::closedCounter);
        HANDSHAKE_REJECTIONS.forEach(this::rejectedCounter);
        PUBLISH_SOURCES.forEach(this::publishedCounter);
        DROP_REASONS.forEach(this::droppedCounter);
    }

    public void connectionOpened() {
        connectionsOpened.increment();
        connectionsActive.incrementAndGet();
    }

    public void connectionClosed(String reason) {
        connectionsActive.decrementAndGet();
        closedCounter(reason).increment();
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

    public void delivered(long acceptedNanos) {
        deliveryLatency.record(System.nanoTime() - acceptedNanos, TimeUnit.NANOSECONDS);
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

    private Counter closedCounter(String reason) {
        return counter("herald.connections.closed", "reason", reason, "WebSocket connections closed");
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
        return tagged.computeIfAbsent(name + '\0' + value,
                k -> Counter.builder(name).tag(tag, value).description(description).register(registry));
    }
}

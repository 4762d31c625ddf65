package dev.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
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

    private final MeterRegistry registry;
    private final AtomicInteger connectionsActive = new AtomicInteger();
    private final AtomicInteger subscriptionsActive = new AtomicInteger();
    private final Counter connectionsOpened;
    private final Counter delivered;
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
        delivered = Counter.builder("herald.messages.delivered")
                .description("Message frames written to subscribers").register(registry);
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
        keepaliveRtt = Timer.builder("herald.keepalive.rtt")
                .description("Round trip from a Ping to its Pong")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    public void connectionOpened() {
        connectionsOpened.increment();
        connectionsActive.incrementAndGet();
    }

    public void connectionClosed(String reason) {
        connectionsActive.decrementAndGet();
        counter("herald.connections.closed", "reason", reason, "WebSocket connections closed").increment();
    }

    public void handshakeRejected(String reason) {
        counter("herald.handshakes.rejected", "reason", reason, "WebSocket upgrades refused").increment();
    }

    public void published(String source) {
        counter("herald.messages.published", "source", source, "Messages accepted").increment();
    }

    public void dropped(String reason, int count) {
        counter("herald.messages.dropped", "reason", reason, "Messages not delivered to a subscriber")
                .increment(count);
    }

    public void delivered(long acceptedNanos) {
        delivered.increment();
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

    private Counter counter(String name, String tag, String value, String description) {
        return tagged.computeIfAbsent(name + '\0' + value,
                k -> Counter.builder(name).tag(tag, value).description(description).register(registry));
    }
}

package dev.herald.ws;

import dev.herald.LimitsProperties;
import dev.herald.LogText;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.runtime.HeraldExecutors;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One timer for every connection: sends Pings when due, and closes connections whose Pong is late (4000),
 * whose token expired (4001), whose awaited {@code connect} frame did not come in time (4401) or whose current write has been stuck longer than the send time (4008).
 * Each connection's Pings fall due {@code interval} after it connected, so they spread out over time.
 */
@Component
class KeepaliveScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeepaliveScheduler.class);

    private final ConnectionRegistry registry;
    private final ConnectionCloser closer;
    private final HeraldMetrics metrics;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long sendTimeNanos;
    private final long tickMillis;
    private final HeraldExecutors executors;
    private final Clock clock;
    private ScheduledFuture<?> ticking;

    KeepaliveScheduler(
            ConnectionRegistry registry,
            ConnectionCloser closer,
            HeraldMetrics metrics,
            KeepaliveProperties keepalive,
            LimitsProperties limits,
            HeraldExecutors executors,
            Clock clock) {
        this.registry = registry;
        this.executors = executors;
        this.clock = clock;
        this.closer = closer;
        this.metrics = metrics;
        this.intervalNanos = keepalive.interval().toNanos();
        this.timeoutNanos = keepalive.timeout().toNanos();
        this.sendTimeNanos = limits.sendTime().toNanos();
        long shortest = Math.min(
                Math.min(keepalive.interval().toMillis(), keepalive.timeout().toMillis()),
                limits.sendTime().toMillis());
        this.tickMillis = Math.max(10, Math.min(500, shortest / 4));
    }

    void tick() {
        long now = System.nanoTime();
        long nowMillis = clock.millis();
        for (Connection connection : registry.all()) {
            if (connection.isClosing()) {
                continue;
            }
            if (connection.connectOverdue(now)) {
                metrics.handshakeRejected("missing_token");
                closer.close(connection, CloseReason.NO_TOKEN);
            } else if (nowMillis >= connection.grant.expiresAtMillis()) {
                closer.close(connection, CloseReason.TOKEN_EXPIRED);
            } else if (connection.outbound().inFlightNanos() > sendTimeNanos) {
                log.warn(
                        "event=ws.slow_consumer id={} user={} cause=send_time queuedBytes={}",
                        connection.id,
                        LogText.quoted(connection.grant.user()),
                        connection.outbound().queuedBytes());
                closer.close(connection, CloseReason.SLOW_CONSUMER);
            } else if (connection.pongWaitNanos(now) > timeoutNanos) {
                metrics.keepaliveTimeout();
                closer.close(connection, CloseReason.KEEPALIVE_TIMEOUT);
            } else if (connection.pingDue(now)) {
                connection.pingQueued(now, intervalNanos);
                connection.outbound().offerPing();
                metrics.keepalivePing();
            }
        }
    }

    @Override
    public synchronized void start() {
        ticking = executors.every(Duration.ofMillis(tickMillis), "keepalive", this::tick);
    }

    @Override
    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticking != null;
    }
}

package dev.herald.ws;

import dev.herald.LimitsProperties;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.transport.DirectUpgrades;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Storm protection: at most {@code herald.limits.connections-per-second} upgrades a second on this node,
 * after a burst of {@value #BURST_SECONDS} seconds' worth, checked first, before the token costs anything.
 * Above it the upgrade is answered 503 {@code unavailable} with {@code Retry-After}, cheaply, so that a flood
 * that goes on keeps the node's handshakes fast instead of queueing them all until they time out.
 *
 * <p>Why a burst of several seconds: a restart's clients arrive within about a second, so a storm's first
 * seconds come faster than its average. With a burst of one second's worth, a 2000/s limit refused 3,671 of
 * 19,000 reconnects while the node (one core) averaged 1,100 a second, and every refused client backed off
 * for seconds (bench/NOTES.md, 3 December).
 */
final class HandshakeRateLimit implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(HandshakeRateLimit.class);
    /** Retry-After is spread over this many seconds so that refused clients that honour it do not return together. */
    static final int RETRY_SPREAD_SECONDS = 5;
    /** Seconds' worth of upgrades taken at once before the rate applies. */
    static final int BURST_SECONDS = 5;

    private static final String DETAIL = "too many connections are being opened on this node; retry later";
    /** Every refusal's body is the same: written once. */
    private static final byte[] PROBLEM = HandshakeProblem.json(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);

    private final Bucket bucket;
    private final HeraldMetrics metrics;

    HandshakeRateLimit(LimitsProperties limits, HeraldMetrics metrics) {
        int rate = limits.connectionsPerSecond();
        this.bucket = Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity((long) rate * BURST_SECONDS)
                        .refillGreedy(rate, Duration.ofSeconds(1))
                        .build())
                .build();
        this.metrics = metrics;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws Exception {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return true;
        }
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(refused(probe, request.getRemoteAddress())));
        HandshakeProblem.write(response, HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
        return false;
    }

    /**
     * Takes one upgrade's place in the rate, or, when there is none, the refusal for its transport to answer
     * (counted): null when taken.
     */
    DirectUpgrades.Refused takeOrRefuse(String remoteAddress) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return null;
        }
        return new DirectUpgrades.Refused(
                HttpStatus.SERVICE_UNAVAILABLE.value(), refused(probe, remoteAddress), PROBLEM);
    }

    /** Counts a refusal and says its Retry-After. */
    private long refused(ConsumptionProbe probe, Object remoteAddress) {
        metrics.handshakeRejected("rate");
        // at thousands a second in a storm: counted in the metric, logged only at DEBUG
        if (log.isDebugEnabled()) {
            log.debug("event=ws.rejected status=503 reason=rate remote={}", remoteAddress);
        }
        long waitSeconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return waitSeconds + ThreadLocalRandom.current().nextInt(RETRY_SPREAD_SECONDS);
    }

    /** Takes one upgrade's place in the rate, if there is one, without answering anything. */
    boolean take() {
        return bucket.tryConsume(1);
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}

package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.LimitsProperties;
import dev.herald.metrics.HeraldMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** The storm limit's bucket: a restart's clients arriving together are let through up to a burst. */
class HandshakeRateBurstTest {

    private static final int RATE = 200;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HandshakeRateLimit limit = new HandshakeRateLimit(limits(RATE), new HeraldMetrics(registry));

    @Test
    void fiveSecondsWorthOfUpgradesAtOncePassBeforeTheRateRefusesAny() throws Exception {
        int passed = 0;
        while (passed < 100 * RATE && upgrade()) {
            passed++;
        }
        // refilled at 200 a second meanwhile, so a slow machine may let a few more through than the burst
        assertThat(passed)
                .isBetween(HandshakeRateLimit.BURST_SECONDS * RATE, HandshakeRateLimit.BURST_SECONDS * RATE + RATE);
    }

    private boolean upgrade() throws Exception {
        return limit.beforeHandshake(
                new ServletServerHttpRequest(new MockHttpServletRequest("GET", "/v1/ws")),
                new ServletServerHttpResponse(new MockHttpServletResponse()),
                null,
                new java.util.HashMap<>());
    }

    private static LimitsProperties limits(int connectionsPerSecond) {
        return new LimitsProperties(
                DataSize.ofKilobytes(64),
                DataSize.ofKilobytes(64),
                DataSize.ofMegabytes(1),
                Duration.ofSeconds(10),
                50,
                100,
                1000,
                connectionsPerSecond,
                1000);
    }
}

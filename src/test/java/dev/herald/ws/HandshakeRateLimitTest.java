package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Storm protection: above {@code herald.limits.connections-per-second} an upgrade gets 503 with Retry-After. */
@TestPropertySource(properties = "herald.limits.connections-per-second=2")
class HandshakeRateLimitTest extends IntegrationTest {

    /**
     * Upgrades in a row until one is refused for the rate (bounded): at 2 a second after a burst of 10, 40 in
     * a row cannot all pass.
     */
    private List<RawHandshake> burstUntilRefused(String pathAndQuery) {
        List<RawHandshake> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RawHandshake answer = RawHandshake.of(port, pathAndQuery);
            answers.add(answer);
            if (answer.status() == 503) {
                break;
            }
        }
        return answers;
    }

    @Test
    void aBurstAboveTheRateIsAnswered503UnavailableWithRetryAfter() {
        String path = "/v1/ws?token=" + token("storm-a", List.of("**"), List.of());
        List<RawHandshake> answers = burstUntilRefused(path);
        try {
            RawHandshake refused = answers.get(answers.size() - 1);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(Integer.parseInt(refused.header("Retry-After")))
                    .isBetween(1, 1 + HandshakeRateLimit.RETRY_SPREAD_SECONDS);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("\"status\":503", "\"code\":\"unavailable\"");
            assertThat(answers.subList(0, answers.size() - 1)).allMatch(a -> a.status() == 101);
        } finally {
            answers.forEach(RawHandshake::close);
        }
    }

    @Test
    void refusalsAreCountedWithReasonRateAndComeBeforeTheTokenCheck() {
        // even an upgrade without a valid token is refused for the rate first: the cheapest answer in a storm
        List<RawHandshake> answers = burstUntilRefused("/v1/ws?token=not-a-token");
        assertThat(answers)
                .extracting(RawHandshake::status)
                .allMatch(s -> s == 401 || s == 503)
                .endsWith(503);
        String metrics = api().get("/actuator/prometheus").body();
        assertThat(metrics.lines()
                        .filter(l -> l.startsWith("herald_handshakes_rejected_total") && l.contains("reason=\"rate\"")))
                .singleElement()
                .satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .isPositive());
    }

    @Test
    void eachRefusalIsCountedOnceWhicheverWayTheUpgradeCame() {
        String path = "/v1/ws?token=" + token("storm-d", List.of("**"), List.of());
        double before = rateRefusals();
        List<RawHandshake> answers = new ArrayList<>();
        for (int refusals = 0; refusals < 3 && answers.size() < 60; ) { // bounded: 60 upgrades
            answers.addAll(burstUntilRefused(path));
            refusals = (int) answers.stream().filter(a -> a.status() == 503).count();
        }
        answers.forEach(RawHandshake::close);
        long refused = answers.stream().filter(a -> a.status() == 503).count();
        assertThat(refused).isPositive();
        assertThat(rateRefusals() - before).isEqualTo((double) refused);
    }

    private double rateRefusals() {
        return api().get("/actuator/prometheus")
                .body()
                .lines()
                .filter(l -> l.startsWith("herald_handshakes_rejected_total") && l.contains("reason=\"rate\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aRefusedClientIsAdmittedOnceTheRateAllowsAgain() throws InterruptedException {
        String path = "/v1/ws?token=" + token("storm-c", List.of("**"), List.of());
        burstUntilRefused(path).forEach(RawHandshake::close);
        RawHandshake later = null;
        for (int i = 0; i < 50 && (later == null || later.status() != 101); i++) { // bounded: 50 x 200 ms
            Thread.sleep(200);
            later = RawHandshake.of(port, path);
            later.close();
        }
        assertThat(later.status()).isEqualTo(101);
    }
}

package dev.herald.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PrometheusMetricsTest extends IntegrationTest {

    /** Every sample name the contract's Metrics section promises (histograms by their series). */
    private static final List<String> CONTRACT_SAMPLES = List.of(
            "herald_connections_active",
            "herald_connections_opened_total",
            "herald_connections_closed_total",
            "herald_handshakes_rejected_total",
            "herald_messages_published_total",
            "herald_messages_delivered_total",
            "herald_messages_dropped_total",
            "herald_delivery_latency_seconds_bucket",
            "herald_delivery_latency_seconds_count",
            "herald_delivery_latency_seconds_sum",
            "herald_messages_conflated_total",
            "herald_keepalive_pings_total",
            "herald_keepalive_timeouts_total",
            "herald_keepalive_rtt_seconds_bucket",
            "herald_keepalive_rtt_seconds_count",
            "herald_keepalive_rtt_seconds_sum",
            "herald_subscriptions_active");

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\"";
    private static final String NUMBER = "(?:NaN|[+-]Inf|[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL + ")*,?)?\\})? (" + NUMBER + ")(?: -?[0-9]+)?");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");

    @Test
    void afterSomeActivityEveryContractMetricIsExposed() {
        activity();

        Scrape scrape = scrape();

        assertThat(scrape.names()).containsAll(CONTRACT_SAMPLES);
        assertThat(scrape.value("herald_messages_published_total", "source=\"api\""))
                .isPositive();
        assertThat(scrape.series("herald_connections_closed_total")).allMatch(s -> s.contains("reason=\""));
        assertThat(scrape.series("herald_handshakes_rejected_total")).allMatch(s -> s.contains("reason=\""));
        assertThat(scrape.series("herald_messages_dropped_total")).allMatch(s -> s.contains("reason=\""));
    }

    @Test
    void everyDocumentedReasonAndSourceIsExposedFromTheStartAtZeroOrMore() {
        Scrape scrape = scrape();

        for (String reason : List.of(
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
                "unauthorized")) {
            assertThat(scrape.series("herald_connections_closed_total"))
                    .as("closed reason %s", reason)
                    .anyMatch(s -> s.contains("reason=\"" + reason + "\""));
        }
        for (String reason : List.of("missing_token", "invalid_token", "expired_token", "origin")) {
            assertThat(scrape.series("herald_handshakes_rejected_total"))
                    .as("rejected reason %s", reason)
                    .anyMatch(s -> s.contains("reason=\"" + reason + "\""));
        }
        for (String source : List.of("api", "ws", "volume")) {
            assertThat(scrape.series("herald_messages_published_total"))
                    .as("published source %s", source)
                    .anyMatch(s -> s.contains("source=\"" + source + "\""));
        }
        for (String reason : List.of("slow_consumer", "closed")) {
            assertThat(scrape.series("herald_messages_dropped_total"))
                    .as("dropped reason %s", reason)
                    .anyMatch(s -> s.contains("reason=\"" + reason + "\""));
        }
    }

    @Test
    void theScrapeIsValidPrometheusTextFormat() {
        activity();

        Api.Response response = api().asBearer().get("/actuator/prometheus");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        List<String> lines = response.body().lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            Matcher help = HELP.matcher(line);
            if (type.matches()) {
                assertThat(typed.add(type.group(1)))
                        .as("one TYPE line for %s", type.group(1))
                        .isTrue();
            } else if (help.matches()) {
                assertThat(helped.add(help.group(1)))
                        .as("one HELP line for %s", help.group(1))
                        .isTrue();
            } else {
                Matcher sample = SAMPLE.matcher(line);
                assertThat(sample.matches()).as("a valid sample line: %s", line).isTrue();
                String name = sample.group(1);
                assertThat(typed)
                        .as("a TYPE line comes before %s", line)
                        .anyMatch(t -> name.equals(t) || name.startsWith(t + "_"));
            }
        }
        assertThat(response.body()).endsWith("\n");
    }

    @Test
    void histogramBucketsGrowWithLeAndEndAtInfWithTheCount() {
        activity();
        Scrape scrape = scrape();

        for (String histogram : List.of("herald_delivery_latency_seconds", "herald_keepalive_rtt_seconds")) {
            List<Map.Entry<Double, Double>> buckets = new ArrayList<>();
            for (String series : scrape.series(histogram + "_bucket")) {
                Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(series);
                assertThat(le.find()).as("bucket %s has le", series).isTrue();
                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                buckets.add(Map.entry(bound, scrape.samples.get(series)));
            }
            buckets.sort(Map.Entry.comparingByKey());
            assertThat(buckets).as(histogram + " buckets").hasSizeGreaterThan(1);
            for (int i = 1; i < buckets.size(); i++) {
                assertThat(buckets.get(i).getValue())
                        .isGreaterThanOrEqualTo(buckets.get(i - 1).getValue());
            }
            assertThat(buckets.get(buckets.size() - 1).getKey()).isInfinite();
            assertThat(buckets.get(buckets.size() - 1).getValue()).isEqualTo(scrape.value(histogram + "_count", ""));
        }
    }

    @Test
    void aRestPublishCountsAsSourceApi() {
        double before = scrape().value("herald_messages_published_total", "source=\"api\"");

        String channel = "metrics/api-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            api().publish(channel, i);
        }

        assertThat(scrape().value("herald_messages_published_total", "source=\"api\""))
                .isEqualTo(before + 3);
    }

    @Test
    void aDeliveredMessageIsCountedWithItsLatency() {
        String channel = "metrics/delivered-" + UUID.randomUUID();
        try (WsClient reader = connectReader("metrics-reader")) {
            reader.subscribe(channel);
            Scrape before = scrape();

            api().publish(channel, "hello");
            reader.next("message");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Scrape after = scrape();
                assertThat(after.value("herald_messages_delivered_total", ""))
                        .isGreaterThanOrEqualTo(before.value("herald_messages_delivered_total", "") + 1);
                assertThat(after.value("herald_delivery_latency_seconds_count", ""))
                        .isGreaterThanOrEqualTo(before.value("herald_delivery_latency_seconds_count", "") + 1);
            });
        }
    }

    @Test
    void refusedHandshakesAreCountedByReason() throws Exception {
        Scrape before = scrape();

        try (WsClient noToken = WsClient.connect(port, null)) {
            noToken.send("{\"type\":\"connect\"}");
            assertThat(noToken.awaitClose(5).code()).isEqualTo(4401);
        }
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, "not-a-token"), null))
                .isEqualTo(401);
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, expiredToken()), null))
                .isEqualTo(401);

        Scrape after = scrape();
        for (String reason : List.of("missing_token", "invalid_token", "expired_token")) {
            String label = "reason=\"" + reason + "\"";
            assertThat(after.value("herald_handshakes_rejected_total", label))
                    .as(reason)
                    .isGreaterThanOrEqualTo(before.value("herald_handshakes_rejected_total", label) + 1);
        }
    }

    @Test
    void openedClosedAndActiveConnectionsAndSubscriptionsAreCounted() {
        Scrape before = scrape();
        WsClient client = connectReader("metrics-conn");
        client.subscribe("metrics/conn-" + UUID.randomUUID());

        Scrape open = scrape();
        assertThat(open.value("herald_connections_opened_total", ""))
                .isGreaterThanOrEqualTo(before.value("herald_connections_opened_total", "") + 1);
        assertThat(open.value("herald_connections_active", "")).isGreaterThanOrEqualTo(1);
        assertThat(open.value("herald_subscriptions_active", "")).isGreaterThanOrEqualTo(1);

        client.close();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(scrape().value("herald_connections_closed_total", "reason=\"normal\""))
                        .isGreaterThanOrEqualTo(
                                before.value("herald_connections_closed_total", "reason=\"normal\"") + 1));
    }

    @Test
    void activeConnectionsMatchTheConnectionList() {
        try (WsClient client = connectReader("metrics-active")) {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(scrape().value("herald_connections_active", ""))
                            .isEqualTo(api().get("/v1/api/connections")
                                    .json()
                                    .path("total")
                                    .asDouble()));
        }
    }

    @Test
    void anOperatorsDeleteIsCountedAsAdmin() {
        double before = scrape().value("herald_connections_closed_total", "reason=\"admin\"");
        try (WsClient client = connect(token("metrics-admin", List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            assertThat(api().delete("/v1/api/connections/" + id).status()).isEqualTo(204);
            client.awaitClose(5);
        }

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(scrape().value("herald_connections_closed_total", "reason=\"admin\""))
                        .isGreaterThanOrEqualTo(before + 1));
    }

    @Test
    void healthShowsTheMemoryBrokerUpToACallerWithAnApiKey() {
        Api.Response response = api().get("/actuator/health");

        assertThat(response.status()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode broker = health.path("components").path("broker");
        assertThat(broker.path("status").asString()).isEqualTo("UP");
        assertThat(broker.path("details").path("kind").asString()).isEqualTo("memory");
    }

    private void activity() {
        String channel = "metrics/activity-" + UUID.randomUUID();
        try (WsClient reader = connectReader("metrics-activity")) {
            reader.subscribe(channel);
            api().publish(channel, Map.of("n", 1));
            reader.next("message");
        }
        WsClient.handshakeStatus(WsClient.uri(port, "bad-token"), null);
    }

    private static String expiredToken() throws Exception {
        Instant past = Instant.now().minusSeconds(60);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject("late")
                        .issueTime(Date.from(past.minusSeconds(60)))
                        .expirationTime(Date.from(past))
                        .jwtID(UUID.randomUUID().toString())
                        .claim("subscribe", List.of("**"))
                        .claim("publish", List.of())
                        .build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private Scrape scrape() {
        Api.Response response = api().asBearer().get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.body().lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(
                        line.substring(0, line.lastIndexOf(' ')),
                        Double.parseDouble(
                                sample.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
            }
        }
        return new Scrape(samples);
    }

    /** One scrape: each series ({@code name{labels}}) with its value. */
    private record Scrape(Map<String, Double> samples) {

        Set<String> names() {
            Set<String> names = new HashSet<>();
            samples.keySet().forEach(series -> names.add(series.replaceFirst("\\{.*", "")));
            return names;
        }

        List<String> series(String name) {
            return samples.keySet().stream()
                    .filter(s -> s.equals(name) || s.startsWith(name + "{"))
                    .toList();
        }

        /** The sum over the series of {@code name} whose labels contain {@code label}; 0 when there is none. */
        double value(String name, String label) {
            return series(name).stream()
                    .filter(s -> s.contains(label))
                    .mapToDouble(samples::get)
                    .sum();
        }
    }
}

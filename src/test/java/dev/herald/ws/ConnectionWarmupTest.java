package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.HeraldApplication;
import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

class ConnectionWarmupTest {

    @Nested
    @TestPropertySource(properties = {"herald.warmup.connections=300", "herald.warmup.concurrency=4"})
    class WithWarmup extends IntegrationTest {

        @Test
        void theNodeHasOpenedSubscribedAndClosedThatManyConnectionsBeforeItReportsReady() {
            JsonNode warmup = api().asBearer()
                    .get("/actuator/health")
                    .json()
                    .path("components")
                    .path("warmup");

            assertThat(warmup.path("status").asString()).isEqualTo("UP");
            assertThat(warmup.path("details").path("connections").asInt()).isEqualTo(300);
            assertThat(warmup.path("details").path("failed").asInt()).isZero();
            // they went through the real handshake and close, and none is left open
            assertThat(metric("herald_connections_opened_total", "")).isGreaterThanOrEqualTo(300);
            assertThat(metric("herald_connections_closed_total", "reason=\"normal\""))
                    .isGreaterThanOrEqualTo(300);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() ->
                            assertThat(metric("herald_connections_active", "")).isZero());
        }

        /** The value of the first series of {@code name} whose labels contain {@code label}. */
        private double metric(String name, String label) {
            String body = api().asBearer().get("/actuator/prometheus").body();
            Matcher sample =
                    Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(body);
            while (sample.find()) {
                if (sample.group(1) == null ? label.isEmpty() : sample.group(1).contains(label)) {
                    return Double.parseDouble(sample.group(2));
                }
            }
            throw new AssertionError(name + " with " + label + " is not in the scrape");
        }
    }

    @Nested
    class WithoutWarmup extends IntegrationTest {

        @Test
        void theNodeStartsColdAndHasNoWarmupComponent() {
            JsonNode components =
                    api().asBearer().get("/actuator/health").json().path("components");

            assertThat(components.has("broker")).isTrue();
            assertThat(components.has("warmup")).isFalse();
        }
    }

    @Test
    void healthIsOutOfServiceWhileTheWarmupRunsAndItStopsAtItsTimeout() throws Exception {
        int port = freePort();
        Api anonymous = new Api(port, null);
        CompletableFuture<ConfigurableApplicationContext> started =
                CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(HeraldApplication.class)
                        .run(
                                "--server.port=" + port,
                                "--server.address=127.0.0.1",
                                "--spring.main.banner-mode=off",
                                "--herald.security.api-keys=" + IntegrationTest.API_KEY,
                                "--herald.token.secret=" + IntegrationTest.SECRET,
                                "--herald.volume.simulator.enabled=false",
                                "--logging.level.dev.herald=WARN",
                                "--herald.warmup.connections=1000000",
                                "--herald.warmup.concurrency=1",
                                "--herald.warmup.timeout=3s"));
        try {
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        try {
                            Api.Response health = anonymous.get("/actuator/health");
                            seen.add(health.status() + " "
                                    + health.json().path("status").asString());
                        } catch (RuntimeException notListeningYet) {
                            // the port opens before the warm-up starts
                        }
                        return started.isDone();
                    });
            // the run returns once the warm-up has ended, which the 3 s timeout does long before a million
            ConfigurableApplicationContext app = started.join();
            try {
                assertThat(seen).contains("503 OUT_OF_SERVICE");
                assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
                JsonNode warmup = new Api(port, IntegrationTest.API_KEY)
                        .asBearer()
                        .get("/actuator/health")
                        .json()
                        .path("components")
                        .path("warmup");
                assertThat(warmup.path("status").asString()).isEqualTo("UP");
                assertThat(warmup.path("details").path("connections").asInt()).isBetween(1, 999_999);
            } finally {
                app.close();
            }
        } finally {
            started.thenAccept(ConfigurableApplicationContext::close);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

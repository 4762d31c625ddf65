package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Keepalive with short times, so that several Ping rounds and a timeout fit in a second or so. The timeout
 * leaves a reading client on a busy machine half a second to answer.
 */
@TestPropertySource(properties = {"herald.keepalive.interval=200ms", "herald.keepalive.timeout=500ms"})
class KeepaliveTest extends IntegrationTest {

    @Test
    void aClientThatAnswersPingsGetsThemRepeatedlyStaysOpenAndShowsItsLastPongAndRoundTrip()
            throws InterruptedException {
        LifecycleProbe probe = new LifecycleProbe(api());
        String token = token("answers-pings", List.of("**"), List.of());
        long connectedAfter = System.currentTimeMillis();
        try (WsClient client = connect(token)) {
            JsonNode welcome = client.next("welcome");
            assertThat(welcome.path("pingIntervalMs").asLong()).isEqualTo(200);
            assertThat(welcome.path("pongTimeoutMs").asLong()).isEqualTo(500);
            String id = welcome.path("connectionId").asString();

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(client.pingsReceived())
                            .as("Pings within 5 s at a 200 ms interval")
                            .isGreaterThanOrEqualTo(4));
            assertThat(client.isClosed())
                    .as("open after more than three Ping rounds")
                    .isFalse();

            JsonNode view = probe.connection(id);
            assertThat(view).isNotNull();
            assertThat(view.path("state").asString()).isEqualTo("open");
            assertThat(view.path("lastPongAt").isNumber())
                    .as("lastPongAt in %s", view)
                    .isTrue();
            assertThat(view.path("lastPongAt").asLong()).isBetween(connectedAfter, System.currentTimeMillis());
            assertThat(view.path("rttMs").isNumber()).as("rttMs in %s", view).isTrue();
            assertThat(view.path("rttMs").asLong()).isBetween(0L, 500L);
            List<String> recent = StreamSupport.stream(view.path("recent").spliterator(), false)
                    .map(frame -> frame.path("direction").asString() + " "
                            + frame.path("kind").asString())
                    .toList();
            assertThat(recent).contains("out ping", "in pong");

            client.send("{\"type\":\"ping\",\"id\":1}");
            assertThat(client.next("pong").path("id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsClosedWith4000() throws InterruptedException {
        LifecycleProbe probe = new LifecycleProbe(api());
        try (WsClient client = connect(token("silent", List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();
            client.pauseReading();

            assertThat(probe.awaitClosingOnServer(id, 3000))
                    .as("the server gave up on the silent client")
                    .isTrue();

            client.resumeReading();
            WsClient.Closed closed = client.awaitClose(5);
            assertThat(closed)
                    .as("the close the silent client saw")
                    .isEqualTo(new WsClient.Closed(4000, "keepalive timeout"));
        }
    }
}

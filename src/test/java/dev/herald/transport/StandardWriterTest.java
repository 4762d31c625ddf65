package dev.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code herald.transport.writer=standard} forces the standard Jakarta WebSocket send on Tomcat as well: replies,
 * messages and Pings still reach a client over a real socket, and operators see the choice.
 */
// the writer of the container's sessions: the event loops write their own
@TestPropertySource(
        properties = {
            "herald.transport.writer=standard",
            "herald.transport.event-loop=false",
            "herald.keepalive.interval=200ms"
        })
class StandardWriterTest extends IntegrationTest {

    @Test
    void theStandardWriterIsShownWhenForced() {
        assertThat(api().get("/actuator/info")
                        .json()
                        .path("transport")
                        .path("writer")
                        .asString())
                .isEqualTo("standard");
        assertThat(api().get("/actuator/prometheus").body())
                .containsPattern("herald_transport_info\\{sockets=\"[a-z-]+\",writer=\"standard\"} 1");
    }

    @Test
    void repliesMessagesAndPingsReachTheClientThroughTheStandardWriter() throws InterruptedException {
        String channel = "standard-writer." + System.nanoTime();
        String text = "Grüße, 東京, \uD83C\uDFA7";
        try (WsClient client = connectReader("standard-" + System.nanoTime())) {
            assertThat(client.subscribe(channel).path("type").asString()).isEqualTo("subscribed");
            for (int i = 0; i < 20; i++) {
                api().publish(channel, Map.of("n", i, "text", text));
            }
            for (int i = 0; i < 20; i++) {
                JsonNode message = client.next("message");
                assertThat(message.path("data").path("n").asInt()).isEqualTo(i);
                assertThat(message.path("data").path("text").asString()).isEqualTo(text);
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (client.pingsReceived() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.pingsReceived())
                    .as("Pings sent by the standard writer's Ping threads")
                    .isPositive();
            client.send("{\"type\":\"ping\",\"id\":7}");
            assertThat(client.next("pong").path("id").asInt()).isEqualTo(7);
        }
    }
}

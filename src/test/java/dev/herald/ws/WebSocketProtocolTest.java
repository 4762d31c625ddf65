package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebSocketProtocolTest extends IntegrationTest {

    @Test
    void theServerWelcomesAConnectionWithItsIdUserNodeAndKeepaliveTimes() {
        try (WsClient client = connect(token("welcome-user", List.of("**"), List.of()))) {
            JsonNode welcome = client.next("welcome");
            assertThat(welcome.path("connectionId").asString()).isNotBlank();
            assertThat(welcome.path("user").asString()).isEqualTo("welcome-user");
            assertThat(welcome.path("node").asString()).isEqualTo("test-node");
            assertThat(welcome.path("pingIntervalMs").asLong()).isEqualTo(20_000);
            assertThat(welcome.path("pongTimeoutMs").asLong()).isEqualTo(10_000);
        }
    }

    @Test
    void aSubscriberReceivesWhatAServerPublishesOverRest() {
        try (WsClient client = connectReader("reader")) {
            JsonNode subscribed = client.subscribe("proto/rest");
            assertThat(subscribed.path("channel").asString()).isEqualTo("proto/rest");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();

            JsonNode published = api().publish("proto/rest", java.util.Map.of("text", "hi"));

            JsonNode message = client.next("message");
            assertThat(message.path("channel").asString()).isEqualTo("proto/rest");
            assertThat(message.path("offset").asLong())
                    .isEqualTo(published.path("offset").asLong());
            assertThat(message.path("id").asString())
                    .isEqualTo(published.path("id").asString());
            assertThat(message.path("ts").asLong())
                    .isEqualTo(published.path("ts").asLong());
            assertThat(message.path("data").path("text").asString()).isEqualTo("hi");
        }
    }
}

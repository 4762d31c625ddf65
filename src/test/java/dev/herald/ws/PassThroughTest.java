package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Names;
import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a client sends comes back as it was sent: request ids of any shape, numbers with every digit. */
class PassThroughTest extends IntegrationTest {

    private static final String PRECISE = "3.14159265358979323846264338327950288419716939937510";

    @Test
    void aRequestIdOfAnyJsonShapeIsEchoedUnchanged() {
        try (WsClient client = connectReader(Names.unique("echo"))) {
            client.send("{\"type\":\"ping\",\"id\":{\"n\":[1,2],\"tag\":\"x\"}}");
            assertThat(client.next("pong").get("id").toString()).isEqualTo("{\"n\":[1,2],\"tag\":\"x\"}");
            client.send("{\"type\":\"zap\",\"id\":true}");
            assertThat(client.next("error").get("id").asBoolean()).isTrue();
        }
    }

    @Test
    void numbersPublishedOverWebSocketKeepEveryDigit() {
        String channel = Names.unique("digits/ws");
        try (WsClient client = connect(token(Names.unique("digits"), List.of("**"), List.of(channel)))) {
            client.next("welcome");
            client.subscribe(channel);
            client.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":{\"pi\":" + PRECISE + "}}");
            JsonNode message = client.next("message");
            assertThat(message.get("data").get("pi").decimalValue().toPlainString())
                    .isEqualTo(PRECISE);
        }
    }

    @Test
    void numbersPublishedOverRestKeepEveryDigit() {
        String channel = Names.unique("digits/rest");
        Api.Response response = api().post(
                        "/v1/api/publish",
                        "{\"channel\":\"" + channel + "\",\"data\":{\"pi\":" + PRECISE + ",\"big\":1e400}}");
        assertThat(response.status()).isEqualTo(200);

        String history = api().get("/v1/api/history?channel=" + channel).body();
        assertThat(history).contains(PRECISE);
        JsonNode data = Api.JSON.readTree(history).get("messages").get(0).get("data");
        assertThat(data.get("big").isNumber()).isTrue();
        assertThat(data.get("big").asString()).doesNotContain("Infinity");
    }
}

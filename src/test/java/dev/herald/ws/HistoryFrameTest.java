package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectError;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The {@code history} frame: a page fills a gap itself, for channels its token may subscribe. */
class HistoryFrameTest extends IntegrationTest {

    @Test
    void retainedMessagesAfterSinceComeOldestFirstAsTheRestHistoryGivesThem() {
        String channel = unique("hist/a");
        api().publish(channel, Map.of("n", 1));
        api().publish(channel, Map.of("n", 2.50));
        api().publish(channel, Map.of("n", 3));
        try (WsClient client = connect(token("nina", List.of("hist/**"), List.of()))) {
            client.next("welcome");
            client.send(json("type", "history", "channel", channel, "since", 1, "limit", 1, "id", "h1"));
            JsonNode page = client.next("history");
            assertThat(page.path("id").asString()).isEqualTo("h1");
            assertThat(page.path("channel").asString()).isEqualTo(channel);
            assertThat(page.path("offset").asLong()).isEqualTo(3);
            assertThat(page.path("epoch").asString())
                    .isEqualTo(api().get("/v1/api/history?channel=" + channel)
                            .json()
                            .path("epoch")
                            .asString());
            assertThat(page.path("messages")).hasSize(1);
            JsonNode message = page.path("messages").get(0);
            assertThat(message.path("offset").asLong()).isEqualTo(2);
            assertThat(message.path("data").toString()).isEqualTo("{\"n\":2.5}");
            assertThat(message.path("id").asString()).isNotBlank();

            client.send(json(
                    "type",
                    "history",
                    "channel",
                    channel,
                    "since",
                    Map.of("offset", 0, "epoch", page.path("epoch").asString())));
            JsonNode all = client.next("history");
            assertThat(all.has("id")).isFalse();
            assertThat(all.path("messages").findValuesAsString("id")).hasSize(3);
            assertThat(all.path("messages").get(0).path("offset").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aChannelTheTokenMayNotSubscribeIsForbidden() {
        String channel = unique("secret/x");
        api().publish(channel, "classified");
        try (WsClient client = connect(token("oscar", List.of("hist/**"), List.of("**")))) {
            client.next("welcome");
            client.send(json("type", "history", "channel", channel, "id", "h2"));
            JsonNode error = expectError(client, "forbidden", "h2");
            assertThat(error.toString()).doesNotContain("classified");
            expectOnlyPong(client);
        }
    }

    @Test
    void aBadSinceOrLimitIsABadRequest() {
        String channel = unique("hist/b");
        try (WsClient client = connect(token("pat", List.of("hist/**"), List.of()))) {
            client.next("welcome");
            client.send(json("type", "history", "channel", channel, "since", -1, "id", "h3"));
            expectError(client, "bad_request", "h3");
            client.send(json("type", "history", "channel", channel, "limit", 0, "id", "h4"));
            expectError(client, "bad_request", "h4");
            client.send(json("type", "history", "channel", channel, "limit", 1001, "id", "h5"));
            expectError(client, "bad_request", "h5");
            client.send(json("type", "history", "id", "h6"));
            expectError(client, "bad_request", "h6");
            expectOnlyPong(client);
        }
    }
}

package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.WsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Client frames as a browser would write them, unique channel names, and checks shared by the ws tests. */
final class Requests {

    private Requests() {}

    /** A JSON object from key/value pairs, in order; values may be null, strings, numbers, maps or lists. */
    static String json(Object... keysAndValues) {
        Map<String, Object> frame = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            frame.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Api.JSON.writeValueAsString(frame);
    }

    static String subscribe(String channel, String id) {
        return json("type", "subscribe", "channel", channel, "id", id);
    }

    static String subscribeSince(String channel, long offset, String epoch, String id) {
        return json(
                "type", "subscribe", "channel", channel, "since", Map.of("offset", offset, "epoch", epoch), "id", id);
    }

    static String unsubscribe(String channel, String id) {
        return json("type", "unsubscribe", "channel", channel, "id", id);
    }

    static String publish(String channel, Object data, String id) {
        return json("type", "publish", "channel", channel, "data", data, "id", id);
    }

    static String ping(String id) {
        return json("type", "ping", "id", id);
    }

    /** The next frame must be an error with this code, echoing {@code id} (none when null). */
    static JsonNode expectError(WsClient client, String code, String id) {
        JsonNode error = client.next("error");
        assertThat(error.path("code").asString()).as("error code of %s", error).isEqualTo(code);
        assertThat(error.path("message").asString()).as("message of %s", error).isNotBlank();
        if (id == null) {
            assertThat(error.has("id")).as("id of %s", error).isFalse();
        } else {
            assertThat(error.path("id").asString()).as("id of %s", error).isEqualTo(id);
        }
        return error;
    }

    /**
     * Proves the connection is open and that nothing else was queued for it before this point: the server
     * answers a ping in order with everything it sends, so the pong must be the next frame.
     */
    static void expectOnlyPong(WsClient client) {
        String id = "barrier-" + UUID.randomUUID();
        client.send(ping(id));
        JsonNode next = client.next();
        assertThat(next.path("type").asString())
                .as("the frame before the barrier pong: %s", next)
                .isEqualTo("pong");
        assertThat(next.path("id").asString()).isEqualTo(id);
        assertThat(client.isClosed()).isFalse();
    }
}

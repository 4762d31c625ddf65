package dev.herald.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.herald.channel.HistoryPage;
import dev.herald.channel.Message;
import dev.herald.channel.Subscription;
import java.util.List;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The server's JSON frames other than messages (whose frame is made once at publish). */
final class Frames {

    /** Big decimals keep every digit of a client's numbers: {@code data} is passed on as the client wrote it. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Frames() {}

    static JsonMapper json() {
        return JSON;
    }

    static String welcome(String connectionId, String user, String node, long pingIntervalMs, long pongTimeoutMs) {
        return welcome(null, connectionId, user, node, pingIntervalMs, pongTimeoutMs);
    }

    /**
     * The welcome, as the answer to a {@code connect} frame when {@code requestId} is set. Written as text, not
     * through a Jackson tree: every connection gets one, and the tree and its {@code toString} were 5 % of a
     * handshake's CPU (JFR, {@code bench/CAPACITY.md}).
     */
    static String welcome(
            JsonNode requestId,
            String connectionId,
            String user,
            String node,
            long pingIntervalMs,
            long pongTimeoutMs) {
        StringBuilder json = new StringBuilder(128 + user.length()).append("{\"type\":\"welcome\"");
        if (requestId != null) {
            json.append(",\"id\":").append(JSON.writeValueAsString(requestId));
        }
        json.append(",\"connectionId\":");
        quote(json, connectionId).append(",\"user\":");
        quote(json, user).append(",\"node\":");
        return quote(json, node)
                .append(",\"pingIntervalMs\":")
                .append(pingIntervalMs)
                .append(",\"pongTimeoutMs\":")
                .append(pongTimeoutMs)
                .append('}')
                .toString();
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        return json.append('"');
    }

    static String refreshed(JsonNode requestId, long expiresAtMillis) {
        return reply("refreshed", requestId).put("expiresAt", expiresAtMillis).toString();
    }

    /** The {@code history} reply: as the REST history, messages with their data as the publisher wrote it. */
    static String history(JsonNode requestId, HistoryPage page) {
        return JSON.writeValueAsString(
                new HistoryReply("history", requestId, page.channel(), page.epoch(), page.offset(), page.messages()));
    }

    @JsonPropertyOrder({"type", "id", "channel", "epoch", "offset", "messages"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record HistoryReply(
            String type, JsonNode id, String channel, String epoch, long offset, List<Message> messages) {}

    static String subscribed(JsonNode requestId, Subscription subscription) {
        return reply("subscribed", requestId)
                .put("channel", subscription.channel())
                .put("offset", subscription.offset())
                .put("epoch", subscription.epoch())
                .put("recovered", subscription.recovered())
                .toString();
    }

    static String unsubscribed(JsonNode requestId, String channel) {
        return reply("unsubscribed", requestId).put("channel", channel).toString();
    }

    /** The reply's {@code id} echoes the request's; {@code messageId} always names the new message. */
    static String published(JsonNode requestId, Message message) {
        ObjectNode reply = JSON.createObjectNode()
                .put("type", "published")
                .put("channel", message.channel())
                .put("offset", message.offset());
        if (requestId != null) {
            reply.set("id", requestId);
        } else {
            reply.put("id", message.id());
        }
        return reply.put("messageId", message.id())
                .put("epoch", message.epoch())
                .put("ts", message.ts())
                .toString();
    }

    static String pong(JsonNode requestId) {
        return reply("pong", requestId).toString();
    }

    static String error(JsonNode requestId, String code, String message) {
        return reply("error", requestId)
                .put("code", code)
                .put("message", message)
                .toString();
    }

    private static ObjectNode reply(String type, JsonNode requestId) {
        ObjectNode node = JSON.createObjectNode().put("type", type);
        if (requestId != null) {
            node.set("id", requestId);
        }
        return node;
    }
}

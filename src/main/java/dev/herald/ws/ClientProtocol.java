package dev.herald.ws;

import dev.herald.LimitsProperties;
import dev.herald.LogText;
import dev.herald.channel.Broker;
import dev.herald.channel.BrokerUnavailableException;
import dev.herald.channel.ChannelName;
import dev.herald.channel.ConflatedChannels;
import dev.herald.channel.Message;
import dev.herald.channel.PublishService;
import dev.herald.channel.Since;
import dev.herald.metrics.HeraldMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The client's side of the WebSocket protocol: subscribe, unsubscribe, publish and ping frames. */
@Component
class ClientProtocol {

    private static final Logger log = LoggerFactory.getLogger(ClientProtocol.class);

    private final Broker broker;
    private final ConflatedChannels conflated;
    private final PublishService publisher;
    private final ConnectionCloser closer;
    private final HeraldMetrics metrics;
    private final long maxMessageBytes;
    private final int maxSubscriptions;

    ClientProtocol(Broker broker, ConflatedChannels conflated, PublishService publisher, ConnectionCloser closer,
            HeraldMetrics metrics, LimitsProperties limits) {
        this.broker = broker;
        this.conflated = conflated;
        this.publisher = publisher;
        this.closer = closer;
        this.metrics = metrics;
        this.maxMessageBytes = limits.maxMessageSize().toBytes();
        this.maxSubscriptions = limits.maxSubscriptions();
    }

    void handle(Connection connection, String text) {
        JsonNode frame;
        try {
            frame = Frames.json().readTree(text);
        } catch (JacksonException e) {
            connection.send(Frames.error(null, "bad_request", "the frame is not valid JSON"));
            return;
        }
        if (frame == null || !frame.isObject()) {
            connection.send(Frames.error(null, "bad_request", "a frame is a JSON object with a \"type\""));
            return;
        }
        JsonNode id = frame.get("id");
        JsonNode type = frame.get("type");
        if (type == null || !type.isString()) {
            connection.send(Frames.error(id, "bad_request", "\"type\" is required and must be a string"));
            return;
        }
        try {
            switch (type.asString()) {
                case "subscribe" -> subscribe(connection, id, frame);
                case "unsubscribe" -> unsubscribe(connection, id, frame);
                case "publish" -> publish(connection, id, frame);
                case "ping" -> connection.send(Frames.pong(id));
                default -> throw new Refused("bad_request", "unknown frame type \"" + type.asString() + "\"");
            }
        } catch (Refused refused) {
            connection.send(Frames.error(id, refused.code, refused.getMessage()));
        } catch (BrokerUnavailableException unavailable) {
            connection.send(Frames.error(id, "unavailable", unavailable.getMessage()));
        }
    }

    private void subscribe(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        String channel = channel(frame);
        if (!connection.grant.maySubscribe(channel)) {
            throw new Refused("forbidden", "the token does not allow subscribing to " + channel);
        }
        Since since = since(frame.get("since"));
        if (connection.subscriptions.containsKey(channel)) {
            throw new Refused("bad_request", "already subscribed to " + channel);
        }
        if (connection.subscriptions.size() >= maxSubscriptions) {
            throw new Refused("bad_request", "a connection may hold at most " + maxSubscriptions + " subscriptions");
        }
        ChannelSubscriber subscriber = new ChannelSubscriber(connection, id, this::cutSlowConsumer, metrics,
                conflated.isConflated(channel));
        connection.subscriptions.put(channel, subscriber);
        metrics.subscriptionsChanged(1);
        broker.subscribe(channel, subscriber, since);
        if (connection.isClosing() && connection.subscriptions.remove(channel, subscriber)) {
            broker.unsubscribe(channel, subscriber);
            metrics.subscriptionsChanged(-1);
        }
    }

    private void unsubscribe(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        String channel = channel(frame);
        ChannelSubscriber subscriber = connection.subscriptions.remove(channel);
        if (subscriber == null) {
            throw new Refused("not_found", "not subscribed to " + channel);
        }
        broker.unsubscribe(channel, subscriber);
        metrics.subscriptionsChanged(-1);
        connection.send(Frames.unsubscribed(id, channel));
    }

    private void publish(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        String channel = channel(frame);
        if (!connection.grant.mayPublish(channel)) {
            throw new Refused("forbidden", "the token does not allow publishing to " + channel);
        }
        JsonNode data = frame.get("data");
        if (data == null) {
            throw new Refused("bad_request", "\"data\" is required");
        }
        String json = data.toString();
        if (Utf8.length(json) > maxMessageBytes) {
            throw new Refused("too_large", "data is larger than " + maxMessageBytes + " bytes");
        }
        Message message = publisher.publish(channel, json, "ws");
        connection.send(Frames.published(id, message));
    }

    private void cutSlowConsumer(Connection connection) {
        if (!connection.isClosing()) {
            log.warn("event=ws.slow_consumer id={} user={} cause=send_buffer queuedBytes={}", connection.id,
                    LogText.quoted(connection.grant.user()), connection.outbound().queuedBytes());
        }
        metrics.dropped("slow_consumer", 1);
        closer.close(connection, CloseReason.SLOW_CONSUMER);
    }

    private static String channel(JsonNode frame) throws Refused {
        JsonNode channel = frame.get("channel");
        if (channel == null || !channel.isString()) {
            throw new Refused("bad_request", "\"channel\" is required and must be a string");
        }
        if (!ChannelName.isValid(channel.asString())) {
            throw new Refused("bad_request", ChannelName.RULE);
        }
        return channel.asString();
    }

    private static Since since(JsonNode since) throws Refused {
        if (since == null || since.isNull()) {
            return null;
        }
        JsonNode offset = since.get("offset");
        JsonNode epoch = since.get("epoch");
        if (!since.isObject() || offset == null || !offset.canConvertToLong() || !offset.isIntegralNumber()
                || offset.asLong() < 0 || epoch == null || !epoch.isString()) {
            throw new Refused("bad_request", "\"since\" is {\"offset\": a number >= 0, \"epoch\": a string}");
        }
        return new Since(offset.asLong(), epoch.asString());
    }

    private static final class Refused extends Exception {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}

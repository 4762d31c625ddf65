package dev.herald.ws;

import dev.herald.LimitsProperties;
import dev.herald.LogText;
import dev.herald.NodeProperties;
import dev.herald.channel.Broker;
import dev.herald.channel.BrokerUnavailableException;
import dev.herald.channel.ChannelName;
import dev.herald.channel.ConflatedChannels;
import dev.herald.channel.InvalidDataException;
import dev.herald.channel.Message;
import dev.herald.channel.PublishService;
import dev.herald.channel.Since;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.token.ConnectionGrant;
import dev.herald.token.InvalidTokenException;
import dev.herald.token.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The client's side of the WebSocket protocol: connect, refresh, subscribe, unsubscribe, history, publish and
 * ping frames.
 */
@Component
class ClientProtocol {

    private static final Logger log = LoggerFactory.getLogger(ClientProtocol.class);
    /** As the REST history's {@code limit}. */
    private static final int HISTORY_DEFAULT_LIMIT = 100;

    private static final int HISTORY_MAX_LIMIT = 1000;

    private final Broker broker;
    private final ConflatedChannels conflated;
    private final PublishService publisher;
    private final ConnectionCloser closer;
    private final HeraldMetrics metrics;
    private final TokenService tokens;
    private final KeepaliveProperties keepalive;
    private final String node;
    private final long maxMessageBytes;
    private final int maxSubscriptions;
    private final UserConnectionLimit userLimit;
    private final ConnectionRegistry registry;

    ClientProtocol(
            Broker broker,
            ConflatedChannels conflated,
            PublishService publisher,
            ConnectionCloser closer,
            HeraldMetrics metrics,
            LimitsProperties limits,
            TokenService tokens,
            KeepaliveProperties keepalive,
            NodeProperties node,
            UserConnectionLimit userLimit,
            ConnectionRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        this.userLimit = userLimit;
        this.tokens = tokens;
        this.keepalive = keepalive;
        this.node = node.id();
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
                case "connect" -> connect(connection, id, frame);
                case "refresh" -> refresh(connection, id, frame);
                case "history" -> history(connection, id, frame);
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
        } catch (InvalidDataException invalid) {
            connection.send(Frames.error(id, "bad_request", invalid.getMessage()));
        }
    }

    /** The welcome for the upgrade, or none yet when the token is awaited in a {@code connect} frame. */
    void opened(Connection connection) {
        connection.send(Frames.welcome(
                connection.id,
                connection.grant.user(),
                node,
                keepalive.interval().toMillis(),
                keepalive.timeout().toMillis()));
    }

    /**
     * The token of a connection opened without one. A missing, bad or expired token closes the connection
     * with 4401 and a reason a browser can read, since the upgrade's 401 is hidden from pages.
     */
    private void connect(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        if (!connection.mayConnect()) {
            throw new Refused("bad_request", "the connection has a token already; renew it with \"refresh\"");
        }
        JsonNode token = frame.get("token");
        if (token == null || !token.isString() || token.asString().isEmpty()) {
            refuseConnect(connection, CloseReason.NO_TOKEN, "missing_token");
            return;
        }
        ConnectionGrant grant;
        try {
            grant = tokens.verify(token.asString());
        } catch (InvalidTokenException e) {
            refuseConnect(
                    connection,
                    e.expired() ? CloseReason.CONNECT_TOKEN_EXPIRED : CloseReason.BAD_TOKEN,
                    e.expired() ? "expired_token" : "invalid_token");
            return;
        }
        synchronized (connection) {
            if (!registry.isOpen(connection)) {
                return; // closed meanwhile: nothing to count
            }
            if (!userLimit.tryConnect(grant)) {
                refuseConnect(connection, CloseReason.USER_LIMIT, "user_limit");
                return;
            }
            connection.connected(grant);
        }
        if (log.isDebugEnabled()) {
            log.debug("event=ws.connected id={} user={}", connection.id, LogText.quoted(grant.user()));
        }
        connection.send(Frames.welcome(
                id,
                connection.id,
                grant.user(),
                node,
                keepalive.interval().toMillis(),
                keepalive.timeout().toMillis()));
    }

    private void refuseConnect(Connection connection, CloseReason reason, String rejection) {
        metrics.handshakeRejected(rejection);
        if (log.isDebugEnabled()) {
            log.debug("event=ws.rejected id={} code={} reason={}", connection.id, reason.code, rejection);
        }
        closer.close(connection, reason);
    }

    /** A newer token of the same user: the 4001 deadline moves to its expiry, and its patterns apply. */
    private void refresh(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        if (connection.mayConnect()) {
            throw new Refused("unauthorized", "the connection has no token to refresh; send \"connect\" first");
        }
        JsonNode token = frame.get("token");
        if (token == null || !token.isString() || token.asString().isEmpty()) {
            throw new Refused("bad_request", "\"token\" is required and must be a string");
        }
        ConnectionGrant grant;
        try {
            grant = tokens.verify(token.asString());
        } catch (InvalidTokenException e) {
            throw new Refused("unauthorized", e.expired() ? "the token has expired" : "the token is not valid");
        }
        if (!grant.user().equals(connection.grant.user())) {
            throw new Refused("forbidden", "the token is for another user");
        }
        connection.grant = grant;
        connection.send(Frames.refreshed(id, grant.expiresAtMillis()));
    }

    /** Retained messages of a channel the token may subscribe, as the REST history gives them. */
    private void history(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        String channel = channel(frame);
        if (!connection.grant.maySubscribe(channel)) {
            throw new Refused("forbidden", "the token does not allow reading " + channel);
        }
        long since = historySince(frame.get("since"));
        int limit = historyLimit(frame.get("limit"));
        connection.send(Frames.history(id, broker.history(channel, since, limit)));
    }

    /** A number, or the subscribe frame's {@code {"offset", "epoch"}} whose offset is taken. */
    private static long historySince(JsonNode since) throws Refused {
        JsonNode offset = since != null && since.isObject() ? since.get("offset") : since;
        if (offset == null || offset.isNull()) {
            return 0;
        }
        if (!offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < 0) {
            throw new Refused("bad_request", "\"since\" is an offset >= 0 (or {\"offset\", \"epoch\"})");
        }
        return offset.asLong();
    }

    private static int historyLimit(JsonNode limit) throws Refused {
        if (limit == null || limit.isNull()) {
            return HISTORY_DEFAULT_LIMIT;
        }
        if (!limit.isIntegralNumber()
                || !limit.canConvertToInt()
                || limit.asInt() < 1
                || limit.asInt() > HISTORY_MAX_LIMIT) {
            throw new Refused("bad_request", "\"limit\" must be 1 to " + HISTORY_MAX_LIMIT);
        }
        return limit.asInt();
    }

    private void subscribe(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        String channel = channel(frame);
        if (!connection.grant.maySubscribe(channel)) {
            throw new Refused("forbidden", "the token does not allow subscribing to " + channel);
        }
        Since since = since(frame.get("since"));
        if (connection.isSubscribed(channel)) {
            throw new Refused("bad_request", "already subscribed to " + channel);
        }
        if (connection.subscriptionCount() >= maxSubscriptions) {
            throw new Refused("bad_request", "a connection may hold at most " + maxSubscriptions + " subscriptions");
        }
        ChannelSubscriber subscriber =
                new ChannelSubscriber(connection, id, this::cutSlowConsumer, metrics, conflated.isConflated(channel));
        if (!connection.addSubscription(channel, subscriber)) {
            throw new Refused("bad_request", "already subscribed to " + channel);
        }
        broker.subscribe(channel, subscriber, since);
        // a close that ran while subscribing may have missed this subscription: undo it here
        if (connection.isClosing() && connection.removeSubscription(channel, subscriber)) {
            broker.unsubscribe(channel, subscriber);
        }
    }

    private void unsubscribe(Connection connection, JsonNode id, JsonNode frame) throws Refused {
        String channel = channel(frame);
        ChannelSubscriber subscriber = connection.removeSubscription(channel);
        if (subscriber == null) {
            throw new Refused("not_found", "not subscribed to " + channel);
        }
        broker.unsubscribe(channel, subscriber);
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
            log.warn(
                    "event=ws.slow_consumer id={} user={} cause=send_buffer queuedBytes={}",
                    connection.id,
                    LogText.quoted(connection.grant.user()),
                    connection.outbound().queuedBytes());
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
        if (!since.isObject()
                || offset == null
                || !offset.canConvertToLong()
                || !offset.isIntegralNumber()
                || offset.asLong() < 0
                || epoch == null
                || !epoch.isString()) {
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

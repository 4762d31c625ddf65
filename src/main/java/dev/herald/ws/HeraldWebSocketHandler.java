package dev.herald.ws;

import dev.herald.LimitsProperties;
import dev.herald.LogText;
import dev.herald.auth.SecurityProperties;
import dev.herald.channel.Ids;
import dev.herald.channel.Message;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.runtime.HeraldExecutors;
import dev.herald.token.ConnectionGrant;
import dev.herald.transport.ContainerPings;
import dev.herald.transport.DrainLoop;
import dev.herald.transport.FrameWriters;
import dev.herald.transport.OutboundFrame;
import dev.herald.transport.OutboundQueue;
import dev.herald.transport.SocketSession;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The raw WebSocket endpoint {@code /v1/ws}. Partial text messages are accepted so that the container
 * keeps a small buffer per connection, while the frame limit is enforced here on the assembled message.
 */
@Component
class HeraldWebSocketHandler implements WebSocketHandler {

    static final String GRANT = "herald.grant";
    private static final String CONNECTION = "herald.connection";
    /** Bounds the container's blocking writes (Ping, close frame) to a peer that stopped reading. */
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    /**
     * How long Tomcat waits to put a close frame with a code other than 1000 on the wire: the send time
     * ({@code herald.limits.send-time}), after which it aborts the connection. Its default (50 ms), and the 2 s
     * used before, are shorter than a slow reader may pause within the send time, and the frame being written
     * when the server gives up must leave first: the reader that resumed saw 1006 instead of its 4008.
     * Closes run on closer threads, so waiting here never holds up a publisher.
     */
    private static final String CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

    /** Boxed once: every session's properties hold these values. */
    private static final Long SEND_TIMEOUT_MILLIS = 2000L;

    private static final Logger log = LoggerFactory.getLogger(HeraldWebSocketHandler.class);

    private final ConnectionRegistry registry;
    private final ConnectionCloser closer;
    private final ClientProtocol protocol;
    private final HeraldMetrics metrics;
    /** Outbound drains, on the writer threads. */
    private final DrainLoop drains;

    private final FrameWriters writers;
    private final ContainerPings pings;
    private final LimitsProperties limits;
    private final KeepaliveProperties keepalive;
    private final long connectTimeoutNanos;
    private final Long closeSendTimeoutMillis;
    private final Bandwidth clientRate;
    private final UserConnectionLimit userLimit;

    HeraldWebSocketHandler(
            ConnectionRegistry registry,
            ConnectionCloser closer,
            ClientProtocol protocol,
            HeraldMetrics metrics,
            HeraldExecutors executors,
            FrameWriters writers,
            ObjectProvider<ContainerPings> containerPings,
            LimitsProperties limits,
            KeepaliveProperties keepalive,
            SecurityProperties security,
            UserConnectionLimit userLimit) {
        this.registry = registry;
        this.userLimit = userLimit;
        this.closer = closer;
        this.protocol = protocol;
        this.metrics = metrics;
        this.drains = new DrainLoop(executors.writers(), executors.writerThreads());
        this.writers = writers;
        this.pings = containerPings.getIfAvailable(() -> ContainerPings.NONE);
        this.limits = limits;
        this.keepalive = keepalive;
        this.connectTimeoutNanos = security.connectTimeout().toNanos();
        this.closeSendTimeoutMillis = limits.sendTime().toMillis();
        this.clientRate = Bandwidth.builder()
                .capacity(limits.clientBurst())
                .refillGreedy(limits.clientMessagesPerSecond(), Duration.ofSeconds(1))
                .build();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        ConnectionGrant grant = HandshakeGuard.grant(session);
        SocketSession own = session instanceof SocketSession socketSession ? socketSession : null;
        jakarta.websocket.Session nativeSession = null;
        if (own == null) {
            nativeSession = ((NativeWebSocketSession) session).getNativeSession(jakarta.websocket.Session.class);
            nativeSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, SEND_TIMEOUT_MILLIS);
            nativeSession.getUserProperties().put(CLOSE_SEND_TIMEOUT, closeSendTimeoutMillis);
        }
        SlimUpgradeStrategy.HandshakePeer peer =
                (SlimUpgradeStrategy.HandshakePeer) session.getAttributes().remove(SlimUpgradeStrategy.PEER);
        Connection connection = new Connection(
                Ids.newConnectionId(),
                grant,
                session,
                peer.remoteAddress(),
                peer.userAgent(),
                peer.path(),
                Bucket.builder().addLimit(clientRate).build(),
                System.nanoTime() + keepalive.interval().toNanos(),
                metrics);
        connection.attach(new OutboundQueue(
                own != null ? own.writer() : writers.open(nativeSession),
                own != null ? own.drains() : drains,
                limits.sendBufferSize().toBytes(),
                new OutboundQueue.Listener() {
                    @Override
                    public void written(OutboundFrame frame, int bytes, long atNanos, long atMillis) {
                        wrote(connection, frame, bytes, atNanos, atMillis);
                    }

                    @Override
                    public void failed(Throwable cause) {
                        closer.close(connection, CloseReason.SERVER_ERROR);
                    }
                }));
        // every frame counts toward the client's rate, Pings included (the container answers those itself)
        IntPredicate pinged = bytes -> {
            connection.recent.record(false, RecentFrames.Kind.ping, bytes, null);
            return takeInboundToken(connection);
        };
        if (own != null) {
            own.watchPings(pinged);
        } else {
            pings.watch(nativeSession, pinged);
        }
        session.getAttributes().put(CONNECTION, connection);
        registry.add(connection);
        userLimit.opened(grant);
        metrics.connectionOpened(HeraldMetrics.CLIENT);
        if (log.isDebugEnabled()) {
            log.debug(
                    "event=ws.connect id={} user={} remote={} userAgent={}",
                    connection.id,
                    LogText.quoted(grant.user()),
                    connection.remoteAddress,
                    LogText.quoted(connection.userAgent));
        }
        if (Boolean.TRUE.equals(session.getAttributes().get(HandshakeGuard.AWAITING_CONNECT))) {
            // anonymous readers are welcome at once and may stay; others have until the deadline to send a token
            boolean anonymousReader = !grant.subscribe().isEmpty();
            connection.awaitConnect(anonymousReader ? 0 : System.nanoTime() + connectTimeoutNanos);
            if (!anonymousReader) {
                return;
            }
        }
        protocol.opened(connection);
    }

    private void wrote(Connection connection, OutboundFrame frame, int bytes, long atNanos, long atMillis) {
        if (frame instanceof OutboundFrame.Shared shared) {
            connection.countOut(bytes);
            connection.recent.record(true, RecentFrames.Kind.text, bytes, shared.frame(), atMillis);
            if (shared instanceof Message message) {
                metrics.delivered(message.acceptedNanos(), atNanos);
            } else if (shared instanceof ReplayedMessage) {
                metrics.replayed();
            }
        } else if (frame instanceof OutboundFrame.Text text) {
            connection.countOut(bytes);
            connection.recent.record(true, RecentFrames.Kind.text, bytes, text.utf8(), atMillis);
        } else if (frame instanceof OutboundFrame.Ping) {
            connection.recent.record(true, RecentFrames.Kind.ping, 0, null, atMillis);
        }
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (connection == null || connection.isClosing()) {
            return;
        }
        if (message instanceof TextMessage text) {
            String whole;
            try {
                whole = connection.appendText(
                        text.getPayload(), text.isLast(), limits.maxFrameSize().toBytes());
            } catch (Connection.FrameTooLargeException e) {
                connection.recent.record(false, RecentFrames.Kind.text, text.getPayloadLength(), null);
                closer.close(connection, CloseReason.TOO_LARGE);
                return;
            }
            if (whole == null) {
                return;
            }
            int bytes = Utf8.length(whole);
            connection.countIn(bytes);
            connection.recent.record(false, RecentFrames.Kind.text, bytes, whole);
            if (takeInboundToken(connection)) {
                protocol.handle(connection, whole);
            }
        } else if (message instanceof BinaryMessage binary) {
            connection.recent.record(false, RecentFrames.Kind.binary, binary.getPayloadLength(), null);
            closer.close(connection, CloseReason.BINARY_FRAME);
        } else if (message instanceof PongMessage pong) {
            connection.recent.record(false, RecentFrames.Kind.pong, pong.getPayloadLength(), null);
            if (!takeInboundToken(connection)) {
                return;
            }
            long rtt = connection.pongReceived();
            if (rtt >= 0) {
                metrics.keepaliveRtt(rtt);
            }
        }
    }

    /** Counts one inbound frame against the client's rate; false (and the connection closing) when over it. */
    private boolean takeInboundToken(Connection connection) {
        if (connection.isClosing()) {
            return false;
        }
        if (connection.tryTakeInboundToken()) {
            return true;
        }
        closer.close(connection, CloseReason.RATE_LIMITED);
        return false;
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (log.isDebugEnabled()) {
            log.debug(
                    "event=ws.transport_error id={} error={}",
                    connection == null ? null : connection.id,
                    LogText.quoted(exception.toString()));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        closer.release(connection, status);
        if (registry.remove(connection)) {
            // under the connection's lock: a connect frame handled at this moment either counted its user
            // before (released here) or sees the connection gone and counts nothing
            synchronized (connection) {
                userLimit.closed(connection.grant);
            }
            metrics.connectionClosed(HeraldMetrics.CLIENT, connection.closeTag());
            if (log.isDebugEnabled()) {
                log.debug(
                        "event=ws.close id={} user={} code={} reason={} cause={} durationMs={}",
                        connection.id,
                        LogText.quoted(connection.grant.user()),
                        status.getCode(),
                        LogText.quoted(status.getReason()),
                        connection.closeTag(),
                        System.currentTimeMillis() - connection.connectedAt);
            }
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }
}

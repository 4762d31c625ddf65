package dev.herald.ws;

import dev.herald.channel.Ids;
import dev.herald.metrics.HeraldMetrics;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * A device's {@code /v1/ingest} stream as operators see it: listed with the clients' connections (kind
 * {@code ingest}), counted in the connection metrics, and closable with {@code DELETE}. It only takes frames
 * in, so it has no subscriptions, no outbound queue and no keepalive of Herald's.
 * Made by {@link ConnectionRegistry#openIngest}, which also forgets it.
 */
public final class IngestConnection {

    final String id = Ids.newConnectionId();
    final String user;
    final WebSocketSession session;
    final String remoteAddress;
    final String userAgent;
    final String uri;
    final long connectedAt = System.currentTimeMillis();
    final RecentFrames recent = new RecentFrames();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicReference<String> closeTag = new AtomicReference<>();

    IngestConnection(String user, WebSocketSession session) {
        this.user = user;
        this.session = session;
        InetSocketAddress remote = session.getRemoteAddress();
        this.remoteAddress = remote == null ? null : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        this.userAgent = session.getHandshakeHeaders().getFirst(HttpHeaders.USER_AGENT);
        // the path only: the query holds the token
        this.uri = session.getUri() == null ? null : session.getUri().getRawPath();
    }

    public String id() {
        return id;
    }

    /** Counts one whole binary frame (message) the device sent. */
    public void received(int bytes) {
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(bytes);
        recent.record(false, RecentFrames.Kind.binary, bytes, null);
    }

    /**
     * Closes the connection, counted under {@code tag} (a reason of {@code herald_connections_closed_total});
     * with {@code now}, without reading anything more the device sends (see {@link ImmediateClose}).
     */
    public void close(CloseStatus status, String tag, boolean now) {
        if (!closeTag.compareAndSet(null, tag)) {
            return;
        }
        if (now) {
            ImmediateClose.close(session, status);
        } else {
            try {
                session.close(status);
            } catch (java.io.IOException | RuntimeException e) {
                // the device is gone already
            }
        }
    }

    /** The tag the server closed it with, or the peer's close tag when the device closed first. */
    String closeTag(CloseStatus status) {
        String tag = closeTag.get();
        return tag != null ? tag : CloseReason.tagOfUnrequestedClose(status);
    }

    String kind() {
        return HeraldMetrics.INGEST;
    }

    ConnectionView view(String node, boolean withRecent) {
        return new ConnectionView(
                id,
                user,
                node,
                remoteAddress,
                userAgent,
                uri,
                kind(),
                closeTag.get() == null ? "open" : "closing",
                connectedAt,
                null,
                null,
                messagesIn.get(),
                0,
                bytesIn.get(),
                0,
                List.of(),
                withRecent ? recent.snapshot() : null);
    }
}

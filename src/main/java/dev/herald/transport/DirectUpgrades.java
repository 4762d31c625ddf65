package dev.herald.transport;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Client upgrades that a container may take itself, before its servlet layers (on Tomcat,
 * {@code transport.tomcat.DirectUpgradeProtocol}); the WebSocket feature decides which.
 */
public interface DirectUpgrades {

    /** The path the client upgrades come on. */
    String path();

    /**
     * Takes a WebSocket upgrade of {@link #path()} that was checked to be one (method, version, key) and to
     * offer no subprotocol: the new connection, or null when it is declined and the servlet's way must decide.
     * Extensions are never negotiated on this way.
     *
     * @param rawQuery      the query as sent, still percent-encoded; null when there is none
     * @param origin        the Origin header, null when absent
     * @param ownOrigin     the origin the request was sent to ({@code http://} and its Host header)
     * @param remoteAddress the peer as {@code address:port}
     * @param userAgent     the User-Agent header, null when absent
     */
    Accepted accept(String rawQuery, String origin, String ownOrigin, String remoteAddress, String userAgent);

    /**
     * A taken upgrade: the handler of its session and the session's attributes, for a transport that runs the
     * socket itself ({@link AdoptedSockets}), or the same as the container's endpoint configuration.
     */
    interface Accepted {

        WebSocketHandler handler();

        /** The new session's attributes, which the handler reads (the grant, the peer). */
        Map<String, Object> attributes();

        /** The container's endpoint for this connection, made only when the container runs its session. */
        ServerEndpointConfig endpoint();
    }
}

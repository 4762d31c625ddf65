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
     * offer no subprotocol: the new connection ({@link Accepted}), a refusal to answer as it is ({@link Refused},
     * only when {@code answersRefusals}), or null when it is declined and the servlet's way must decide.
     * Extensions are never negotiated on this way.
     *
     * @param rawQuery        the query as sent, still percent-encoded; null when there is none
     * @param origin          the Origin header, null when absent
     * @param ownOrigin       the origin the request was sent to ({@code http://} and its Host header)
     * @param remoteAddress   the peer as {@code address:port}
     * @param userAgent       the User-Agent header, null when absent
     * @param answersRefusals whether the caller writes a {@link Refused} itself; when not, a refusal is declined
     *                        and the servlet's way answers it
     */
    Answer accept(
            String rawQuery,
            String origin,
            String ownOrigin,
            String remoteAddress,
            String userAgent,
            boolean answersRefusals);

    /** What a direct upgrade comes to: {@link Accepted} or {@link Refused}. */
    sealed interface Answer permits Accepted, Refused {}

    /**
     * A refusal answered where the upgrade came in, before any servlet, and then the connection closed: in a
     * storm the refusals of the node's rate come by the thousand, and each must cost less than the upgrade it
     * spares. Counted already; the caller only writes it.
     *
     * @param status     the HTTP status
     * @param retryAfter seconds for {@code Retry-After}, or 0 for none
     * @param problem    the problem+json body
     */
    record Refused(int status, long retryAfter, byte[] problem) implements Answer {}

    /**
     * A taken upgrade: the handler of its session and the session's attributes, for a transport that runs the
     * socket itself ({@link AdoptedSockets}), or the same as the container's endpoint configuration.
     */
    non-sealed interface Accepted extends Answer {

        WebSocketHandler handler();

        /** The new session's attributes, which the handler reads (the grant, the peer). */
        Map<String, Object> attributes();

        /** The container's endpoint for this connection, made only when the container runs its session. */
        ServerEndpointConfig endpoint();
    }
}

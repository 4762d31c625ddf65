package dev.herald.ws;

import dev.herald.LimitsProperties;
import dev.herald.auth.SecurityProperties;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.token.TokenService;
import dev.herald.transport.DirectUpgrades;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The checks of an upgrade of {@code /v1/ws}, shared by its two ways in, so both count one rate and one
 * limit per user:
 * <ul>
 *   <li>Spring's handshake ({@link #interceptors()}), which answers every refusal with problem+json;</li>
 *   <li>a direct upgrade ({@link #accept}), which the container may try first, before any servlet, filter or
 *       Spring dispatch runs: it either takes the upgrade whole or declines it, having answered nothing, and
 *       the request then goes on to Spring's handshake as if never seen.</li>
 * </ul>
 * A direct upgrade takes only what needs no answer, or answers itself the one refusal a storm brings by the
 * thousand, the node's rate (when its transport can, see {@link DirectUpgrades#accept}): an Origin that is
 * absent, allowed or the page's own as sent, a valid token or none, a user under its limit. Anything else is
 * declined, so every other refusal is Spring's, counted and answered once.
 */
@Component
final class ClientHandshake implements DirectUpgrades {

    private final HandshakeRateLimit rate;
    private final HandshakeGuard guard;
    private final UserConnectionLimit users;
    /** The handler as Spring's handshake wraps it: a failure in it closes the connection with 1011. */
    private final WebSocketHandler handler;

    ClientHandshake(
            LimitsProperties limits,
            TokenService tokens,
            HeraldMetrics metrics,
            SecurityProperties security,
            UserConnectionLimit users,
            HeraldWebSocketHandler handler) {
        this.rate = limits.limitsConnectionRate() ? new HandshakeRateLimit(limits, metrics) : null;
        this.guard = new HandshakeGuard(tokens, metrics, security, true);
        this.users = users;
        this.handler = new ExceptionWebSocketHandlerDecorator(new LoggingWebSocketHandlerDecorator(handler));
    }

    @Override
    public String path() {
        return WebSocketConfig.CLIENT_PATH;
    }

    /**
     * Spring's handshake checks: the node's rate first (the cheapest refusal, before the token is verified),
     * then the origin and the token, then its user.
     */
    List<HandshakeInterceptor> interceptors() {
        List<HandshakeInterceptor> interceptors = new ArrayList<>(3);
        if (rate != null) {
            interceptors.add(rate);
        }
        interceptors.add(guard);
        interceptors.add(users);
        return interceptors;
    }

    /**
     * Declines, with nothing counted or answered, what Spring's handshake would refuse or must judge: an
     * Origin neither absent, allowed nor the request's own as sent (Spring compares the parsed parts, so it
     * also judges what is the same origin written differently), a token that is not valid, a user at its limit.
     * A rate without room is refused here when the transport answers refusals, else declined.
     */
    @Override
    public Answer accept(
            String rawQuery,
            String origin,
            String ownOrigin,
            String remoteAddress,
            String userAgent,
            boolean answersRefusals) {
        if (!(guard.listsOrigin(origin) || origin.equalsIgnoreCase(ownOrigin))) {
            return null;
        }
        // a place in the rate is taken before the token costs anything, as on Spring's way; a declined upgrade
        // that had one (an invalid token) takes a second one there, which only a bad client pays for
        if (rate != null) {
            if (answersRefusals) {
                Refused refused = rate.takeOrRefuse(remoteAddress);
                if (refused != null) {
                    return refused;
                }
            } else if (!rate.take()) {
                return null;
            }
        }
        HandshakeGuard.Verdict verdict = guard.verdict(rawQuery);
        if (verdict.grant() == null || !users.admits(verdict.grant())) {
            return null;
        }
        Map<String, Object> attributes = new HashMap<>(4);
        verdict.grantTo(attributes);
        attributes.put(
                SlimUpgradeStrategy.PEER, new SlimUpgradeStrategy.HandshakePeer(remoteAddress, userAgent, path()));
        return new Upgrade(handler, attributes);
    }

    private record Upgrade(WebSocketHandler handler, Map<String, Object> attributes) implements Accepted {

        @Override
        public ServerEndpointConfig endpoint() {
            return SlimUpgradeStrategy.endpoint(
                    handler, attributes, null, WebSocketConfig.CLIENT_PATH, List.of(), List.of());
        }
    }
}

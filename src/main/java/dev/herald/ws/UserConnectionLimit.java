package dev.herald.ws;

import dev.herald.LimitsProperties;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.token.ConnectionGrant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * At most {@code herald.limits.connections-per-user} open connections per token user on this node (as
 * Centrifugo's {@code user_connection_limit}): a runaway client that reconnects without closing cannot fill
 * the node. An upgrade whose token's user is at the limit is answered 429 {@code rate_limited}; a
 * {@code connect} frame whose user is at the limit closes the connection with 4429. Anonymous readers are not
 * counted (they share no identity). The upgrade checks the count without holding a place, so upgrades of one
 * user that are in flight at the same moment may pass together; the {@code connect} frame's check is exact.
 */
@Component
final class UserConnectionLimit implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(UserConnectionLimit.class);

    private final int limit;
    private final HeraldMetrics metrics;
    /** open connections per user; a user with none has no entry */
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    UserConnectionLimit(LimitsProperties limits, HeraldMetrics metrics) {
        this.limit = limits.limitsConnectionsPerUser() ? limits.connectionsPerUser() : 0;
        this.metrics = metrics;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws Exception {
        Object grant = attributes.get(HeraldWebSocketHandler.GRANT);
        if (!(grant instanceof ConnectionGrant g) || admits(g)) {
            return true;
        }
        metrics.handshakeRejected("user_limit");
        if (log.isDebugEnabled()) {
            log.debug("event=ws.rejected status=429 reason=user_limit remote={}", request.getRemoteAddress());
        }
        HandshakeProblem.write(
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                "this user has the most connections allowed open (herald.limits.connections-per-user)");
        return false;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

    /** Whether an upgrade with this grant may open one more connection (checked without holding a place). */
    boolean admits(ConnectionGrant grant) {
        return !counted(grant) || open.getOrDefault(grant.user(), 0) < limit;
    }

    /** A connection was established with this grant (its upgrade passed the check above). */
    void opened(ConnectionGrant grant) {
        if (counted(grant)) {
            open.merge(grant.user(), 1, Integer::sum);
        }
    }

    /** A {@code connect} frame brings this grant: false (nothing counted) when its user is at the limit. */
    boolean tryConnect(ConnectionGrant grant) {
        if (!counted(grant)) {
            return true;
        }
        boolean[] admitted = {false};
        open.compute(grant.user(), (user, n) -> {
            int count = n == null ? 0 : n;
            if (count >= limit) {
                return n;
            }
            admitted[0] = true;
            return count + 1;
        });
        return admitted[0];
    }

    /** A connection counted under this grant's user ended. */
    void closed(ConnectionGrant grant) {
        if (counted(grant)) {
            open.computeIfPresent(grant.user(), (user, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Open connections of a user on this node, as counted here. */
    int openOf(String user) {
        return open.getOrDefault(user, 0);
    }

    private boolean counted(ConnectionGrant grant) {
        return limit > 0 && !ConnectionGrant.ANONYMOUS.equals(grant.user());
    }
}

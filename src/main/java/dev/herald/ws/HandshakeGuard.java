package dev.herald.ws;

import dev.herald.LogText;
import dev.herald.auth.SecurityProperties;
import dev.herald.channel.ChannelPattern;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.token.ConnectionGrant;
import dev.herald.token.InvalidTokenException;
import dev.herald.token.TokenService;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.util.UriUtils;

/**
 * Decides whether an upgrade may happen: the Origin must be allowed (403), and a {@code token} query
 * parameter, when given, must be a valid connection token (401). On {@code /v1/ws} a missing token upgrades:
 * the token may follow in a {@code connect} frame, and until then the connection reads only the anonymous
 * channels. Rejections are counted and logged, never with the token. Guards {@code /v1/ws} and device ingest.
 */
public final class HandshakeGuard extends OriginHandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(HandshakeGuard.class);
    /** Set on upgrades that came without a token, which may send it in a {@code connect} frame. */
    static final String AWAITING_CONNECT = "herald.awaitingConnect";

    private final TokenService tokens;
    private final HeraldMetrics metrics;
    private final ConnectionGrant anonymousGrant;
    private final boolean connectFrameAllowed;
    /** The allowed origins alone, as the superclass checks them after the same-origin test. */
    private final CorsConfiguration allowedOrigins = new CorsConfiguration();

    /**
     * @param connectFrameAllowed whether the endpoint takes its token in a {@code connect} frame too, so that
     *                            a missing token upgrades ({@code /v1/ws}); anonymous reading is only there
     */
    public HandshakeGuard(
            TokenService tokens, HeraldMetrics metrics, SecurityProperties security, boolean connectFrameAllowed) {
        this.tokens = tokens;
        this.metrics = metrics;
        this.connectFrameAllowed = connectFrameAllowed;
        this.anonymousGrant = ConnectionGrant.anonymous(
                connectFrameAllowed ? ChannelPattern.all(security.anonymousSubscribe()) : List.of());
        setAllowedOriginPatterns(security.allowedOrigins());
        allowedOrigins.setAllowedOriginPatterns(security.allowedOrigins());
    }

    /** What the token of an accepted upgrade allows. */
    public static ConnectionGrant grant(WebSocketSession session) {
        return (ConnectionGrant) session.getAttributes().get(HeraldWebSocketHandler.GRANT);
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws Exception {
        if (!super.beforeHandshake(request, response, handler, attributes)) {
            reject(request, response, HttpStatus.FORBIDDEN, "origin", "origin not allowed");
            return false;
        }
        Verdict verdict = verdict(rawQuery(request));
        if (verdict.grant() == null) {
            reject(request, response, verdict.status(), verdict.reason(), verdict.detail());
            return false;
        }
        verdict.grantTo(attributes);
        return true;
    }

    /**
     * Whether an upgrade with this Origin may be taken without knowing the request's own origin: none sent (a
     * server or device), or one of the allowed origins. A page of Herald's own origin is not known here, so
     * it is left to {@link #beforeHandshake}, as is every other origin.
     */
    boolean listsOrigin(String origin) {
        return origin == null || allowedOrigins.checkOrigin(origin) != null;
    }

    /** What the raw query (still percent-encoded, null when none) of an upgrade allows, or why it is refused. */
    Verdict verdict(String query) {
        if (query != null && !isWellFormed(query)) {
            return Verdict.refused(
                    HttpStatus.UNAUTHORIZED,
                    "invalid_token",
                    "the query string is malformed, so the token cannot be read");
        }
        String token = firstValue(query, "token");
        if (token == null || token.isEmpty()) {
            if (!connectFrameAllowed) {
                return Verdict.refused(HttpStatus.UNAUTHORIZED, "missing_token", "a token is required");
            }
            return new Verdict(anonymousGrant, true, null, null, null);
        }
        try {
            return new Verdict(tokens.verify(UriUtils.decode(token, StandardCharsets.UTF_8)), false, null, null, null);
        } catch (InvalidTokenException e) {
            return Verdict.refused(
                    HttpStatus.UNAUTHORIZED,
                    e.expired() ? "expired_token" : "invalid_token",
                    e.expired() ? "the token has expired" : "the token is not valid");
        }
    }

    /**
     * An upgrade's grant (and whether it may still send its token in a {@code connect} frame), or, when
     * {@code grant} is null, the refusal's status, reason (the metric's tag) and detail.
     */
    record Verdict(ConnectionGrant grant, boolean awaitingConnect, HttpStatus status, String reason, String detail) {

        static Verdict refused(HttpStatus status, String reason, String detail) {
            return new Verdict(null, false, status, reason, detail);
        }

        /** Puts the grant where the handler reads it. */
        void grantTo(Map<String, Object> attributes) {
            attributes.put(HeraldWebSocketHandler.GRANT, grant);
            if (awaitingConnect) {
                attributes.put(AWAITING_CONNECT, Boolean.TRUE);
            }
        }
    }

    /** The query as the client sent it, still percent-encoded; null when there is none. */
    private static String rawQuery(ServerHttpRequest request) {
        return request instanceof ServletServerHttpRequest servlet
                ? servlet.getServletRequest().getQueryString()
                : request.getURI().getRawQuery();
    }

    /**
     * False when the raw query is not valid URI syntax (such as a stray {@code %}). The container builds the
     * session's URI from it during the upgrade and fails with a 500 after the upgrade headers are set, and
     * the URI Spring hands us has been repaired, so a token read from it may not be the one that was sent.
     * A query of URI characters and well-formed escapes only, which is every client's, is accepted by a scan;
     * anything else is judged by {@link URI}'s parser itself (building one cost 2.6 % of a reconnect storm's
     * allocations: the query with its token, copied and parsed).
     */
    static boolean isWellFormed(String query) {
        int length = query.length();
        for (int i = 0; i < length; i++) {
            char c = query.charAt(i);
            if (c == '%' && i + 2 < length && isHex(query.charAt(i + 1)) && isHex(query.charAt(i + 2))) {
                i += 2;
            } else if (c >= 128 || !PLAIN_QUERY_CHARS[c]) {
                return parsesAsUri(query);
            }
        }
        return true;
    }

    /** java.net.URI's unreserved and reserved characters, without the brackets, which it treats apart. */
    private static final boolean[] PLAIN_QUERY_CHARS = new boolean[128];

    static {
        String plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'();/?:@&=+$,";
        for (int i = 0; i < plain.length(); i++) {
            PLAIN_QUERY_CHARS[plain.charAt(i)] = true;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean parsesAsUri(String query) {
        try {
            new URI("ws://herald/?" + query);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The still-encoded value of the first pair named {@code name} in a raw query, null when there is none or
     * it has no {@code =}, as {@code UriComponentsBuilder} reads it. Read from the servlet's query string
     * directly: building the request's URI and parsing it cost about 5 % of a handshake's CPU (JFR).
     */
    static String firstValue(String query, String name) {
        if (query == null) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', start);
            boolean hasValue = equals >= 0 && equals < end;
            if ((hasValue ? equals : end) - start == name.length() && query.startsWith(name, start)) {
                return hasValue ? query.substring(equals + 1, end) : null;
            }
            start = end + 1;
        }
        return null;
    }

    private void reject(
            ServerHttpRequest request, ServerHttpResponse response, HttpStatus status, String reason, String detail)
            throws IOException {
        metrics.handshakeRejected(reason);
        if (log.isDebugEnabled()) {
            log.debug(
                    "event=ws.rejected status={} reason={} remote={} origin={}",
                    status.value(),
                    reason,
                    request.getRemoteAddress(),
                    LogText.quoted(request.getHeaders().getOrigin()));
        }
        HandshakeProblem.write(response, status, detail);
    }
}

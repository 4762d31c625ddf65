package dev.herald.ws;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * The standard Jakarta WebSocket upgrade, shown a request that lists only the User-Agent header and has no
 * query. Spring (the session's handshake headers) and Tomcat (the handshake request its upgrade handler
 * holds, the session's URI, query string and parameter map) each keep a copy of what the request lists for
 * as long as the connection lives: every header, and the token in the query several times over, which is
 * most of the memory of an idle connection that is not buffers. Headers are still read by name, so the
 * upgrade itself (key, version, protocols, extensions, origin) is unchanged; the token was read before the
 * upgrade by {@link HandshakeGuard}, and Herald shows only the URI's path.
 */
final class SlimUpgradeStrategy implements RequestUpgradeStrategy {

    private final StandardWebSocketUpgradeStrategy standard = new StandardWebSocketUpgradeStrategy();

    @Override
    public String[] getSupportedVersions() {
        return standard.getSupportedVersions();
    }

    @Override
    public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
        return standard.getSupportedExtensions(request);
    }

    @Override
    public void upgrade(
            ServerHttpRequest request,
            ServerHttpResponse response,
            String selectedProtocol,
            List<WebSocketExtension> selectedExtensions,
            Principal user,
            WebSocketHandler wsHandler,
            Map<String, Object> attributes)
            throws HandshakeFailureException {
        ServerHttpRequest slim =
                request instanceof ServletServerHttpRequest servlet && isTomcats(servlet.getServletRequest())
                        ? new ServletServerHttpRequest(new RequestAsKept(servlet.getServletRequest()))
                        : request;
        standard.upgrade(slim, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
    }

    /**
     * Only Tomcat's upgrade is shown the wrapper: Jetty's refuses a wrapped request ("Invalid WebSocket Upgrade
     * Request"), and keeps no such copies anyway.
     */
    private static boolean isTomcats(HttpServletRequest request) {
        return request.getClass().getName().startsWith("org.apache.catalina.");
    }

    /** The upgrade request as the connection keeps it: headers still answer by name, but only one is listed. */
    private static final class RequestAsKept extends HttpServletRequestWrapper {

        RequestAsKept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return getHeader(HttpHeaders.USER_AGENT) == null
                    ? Collections.emptyEnumeration()
                    : Collections.enumeration(List.of(HttpHeaders.USER_AGENT));
        }

        @Override
        public String getQueryString() {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }
}

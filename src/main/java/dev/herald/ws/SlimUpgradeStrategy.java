package dev.herald.ws;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.standard.StandardWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.adapter.standard.WebSocketToStandardExtensionAdapter;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * The standard Jakarta WebSocket upgrade of Spring's {@link StandardWebSocketUpgradeStrategy}, with only what a
 * connection keeps for as long as it lives made smaller (on Tomcat; elsewhere Spring's own upgrade runs).
 * <ul>
 *   <li>What Herald shows of the handshake (remote address, User-Agent, path) is read once from the servlet
 *       request into one {@link HandshakePeer} attribute, so Spring's session keeps no copy of the headers and
 *       no socket addresses.</li>
 *   <li>The endpoint configuration is one small object with shared lists, where Spring's registration brings
 *       three lists, a map and its own copy of the path.</li>
 *   <li>Tomcat (the handshake request its upgrade handler keeps, the session's URI, query string and parameter
 *       map) is shown a request that lists no header and has no query: the token is in the query, and was
 *       read before the upgrade by {@link HandshakeGuard}. Headers still answer by name, so the upgrade itself
 *       (key, version, protocols, extensions, origin) is unchanged.</li>
 * </ul>
 * Together about 1 KB of an idle connection's heap (heap dump of 10,000 idle connections, bench/CAPACITY.md).
 */
final class SlimUpgradeStrategy implements RequestUpgradeStrategy {

    /** The attribute that holds the connection's {@link HandshakePeer}. */
    static final String PEER = "herald.peer";

    private static final String CONTAINER = "jakarta.websocket.server.ServerContainer";

    private final StandardWebSocketUpgradeStrategy standard = new StandardWebSocketUpgradeStrategy();
    private final String path;

    /** @param path the path the upgrades come on, kept once for all connections rather than per request */
    SlimUpgradeStrategy(String path) {
        this.path = path;
    }

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
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            throw new HandshakeFailureException(
                    "not a servlet request: " + request.getClass().getName());
        }
        HttpServletRequest servletRequest = servlet.getServletRequest();
        attributes.put(PEER, peerOf(servletRequest));
        if (!isTomcats(servletRequest)) {
            standard.upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
            return;
        }
        ServerEndpointConfig config = endpoint(
                wsHandler,
                attributes,
                user,
                path,
                selectedProtocol == null ? List.of() : List.of(selectedProtocol),
                standardExtensions(selectedExtensions));
        HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        try {
            ((ServerContainer) servletRequest.getServletContext().getAttribute(CONTAINER))
                    .upgradeHttpToWebSocket(new RequestAsKept(servletRequest), servletResponse, config, Map.of());
        } catch (Exception e) {
            throw new HandshakeFailureException("the request failed to upgrade to WebSocket", e);
        }
    }

    /**
     * One connection's endpoint configuration, whose endpoint is Spring's adapter of {@code handler} over a
     * session that keeps {@code attributes} and no handshake headers or addresses.
     */
    static ServerEndpointConfig endpoint(
            WebSocketHandler handler,
            Map<String, Object> attributes,
            Principal user,
            String path,
            List<String> subprotocols,
            List<Extension> extensions) {
        StandardWebSocketSession session =
                new StandardWebSocketSession(HttpHeaders.EMPTY, attributes, null, null, user);
        return new OneEndpoint(new StandardWebSocketHandlerAdapter(handler, session), path, subprotocols, extensions);
    }

    private HandshakePeer peerOf(HttpServletRequest request) {
        String requestPath = request.getRequestURI();
        return new HandshakePeer(
                request.getRemoteAddr() + ":" + request.getRemotePort(),
                request.getHeader(HttpHeaders.USER_AGENT),
                path.equals(requestPath) ? path : requestPath);
    }

    private static List<Extension> standardExtensions(List<WebSocketExtension> selected) {
        if (selected.isEmpty()) {
            return List.of();
        }
        List<Extension> extensions = new ArrayList<>(selected.size());
        for (WebSocketExtension extension : selected) {
            extensions.add(new WebSocketToStandardExtensionAdapter(extension));
        }
        return extensions;
    }

    /**
     * Only Tomcat's upgrade is shown the wrapper: Jetty's refuses a wrapped request ("Invalid WebSocket Upgrade
     * Request"), and keeps no such copies anyway.
     */
    private static boolean isTomcats(HttpServletRequest request) {
        return request.getClass().getName().startsWith("org.apache.catalina.");
    }

    /**
     * What Herald shows of a connection's handshake, read from the request before the upgrade; the path is the
     * request URI without its query, which holds the token and must not be shown or logged.
     */
    record HandshakePeer(String remoteAddress, String userAgent, String path) {}

    /**
     * The endpoint configuration of one connection, which is also its configurator (as Spring's registration
     * is): the container asks it for the endpoint, which is this connection's Spring adapter.
     */
    private static final class OneEndpoint extends ServerEndpointConfig.Configurator implements ServerEndpointConfig {

        private final StandardWebSocketHandlerAdapter endpoint;
        private final String path;
        private final List<String> subprotocols;
        private final List<Extension> extensions;

        OneEndpoint(
                StandardWebSocketHandlerAdapter endpoint,
                String path,
                List<String> subprotocols,
                List<Extension> extensions) {
            this.endpoint = endpoint;
            this.path = path;
            this.subprotocols = subprotocols;
            this.extensions = extensions;
        }

        @Override
        public Class<?> getEndpointClass() {
            return StandardWebSocketHandlerAdapter.class;
        }

        @Override
        public String getPath() {
            return path;
        }

        @Override
        public List<String> getSubprotocols() {
            return subprotocols;
        }

        @Override
        public List<Extension> getExtensions() {
            return extensions;
        }

        @Override
        public Configurator getConfigurator() {
            return this;
        }

        @Override
        public List<Class<? extends Encoder>> getEncoders() {
            return List.of();
        }

        @Override
        public List<Class<? extends Decoder>> getDecoders() {
            return List.of();
        }

        /** Copied by the container into each session's own map, so an empty one costs the session nothing. */
        @Override
        public Map<String, Object> getUserProperties() {
            return Map.of();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return (T) endpoint;
        }
    }

    /** The upgrade request as the connection keeps it: headers still answer by name, but none is listed. */
    private static final class RequestAsKept extends HttpServletRequestWrapper {

        RequestAsKept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.emptyEnumeration();
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

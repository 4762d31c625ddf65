package dev.herald.transport.tomcat;

import dev.herald.transport.AdoptedSockets;
import dev.herald.transport.DirectUpgrades;
import dev.herald.transport.WebSocketKeys;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.server.WsHandshakeRequest;
import org.apache.tomcat.websocket.server.WsHttpUpgradeHandler;
import org.apache.tomcat.websocket.server.WsServerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * Takes WebSocket upgrades of {@code /v1/ws} in Tomcat's HTTP processor, before Catalina: no valves, servlet
 * filters, servlet or Spring handshake run for them, and no servlet request or response is made. In a
 * reconnect storm those layers were about half of a handshake's Java samples (JFR, bench/CAPACITY.md); the
 * token, the connection and its frames are the same as on the servlet's way, as Tomcat's own WebSocket
 * session serves both.
 *
 * <p>Tomcat asks this protocol about every HTTP/1.1 request that asks to upgrade to {@code websocket}. Only a
 * plain one is taken, and only when {@link DirectUpgrades#accept} takes it; Tomcat then answers 101 itself,
 * with the accept key set here. Anything else is declined with nothing answered, and goes on through Catalina
 * to Spring's handshake as before, which answers every refusal with problem+json. Declined are: other paths,
 * methods or versions, no Host or several, an invalid key, a subprotocol offer, a body, and, when Spring's forwarded-header filter
 * reads them, requests with forwarded headers. Behind a proxy read by Catalina's {@code RemoteIpValve}
 * ({@code server.forward-headers-strategy=native}, as behind the nginx of docker-compose.yml) the client's
 * address and the origin are the valve's reading ({@link ForwardedHeaders}). With the event-loop transport the
 * socket is handed to the event loops after the 101 ({@link AdoptedUpgrade}); plain upgrades reach this only
 * when the front door is off or cannot run (TLS), since the event loops' front door takes them first.
 */
final class DirectUpgradeProtocol implements UpgradeProtocol {

    private static final Logger log = LoggerFactory.getLogger(DirectUpgradeProtocol.class);
    private static final String WEBSOCKET = "websocket";
    private static final List<String> DECLINED_HEADERS = List.of("Sec-WebSocket-Protocol", "Transfer-Encoding");

    private final ApplicationContext context;
    /**
     * The upgrade {@link #accept} took, for {@link #getInternalUpgradeHandler}, which Tomcat calls next on the
     * same thread.
     */
    private final ThreadLocal<DirectUpgrades.Accepted> accepted = new ThreadLocal<>();

    private final LongAdder taken = new LongAdder();
    private volatile Target target;
    private volatile boolean tls;

    DirectUpgradeProtocol(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public String getHttpUpgradeName(boolean isSSLEnabled) {
        return WEBSOCKET;
    }

    /** Not offered by ALPN: WebSocket over TLS still starts as an HTTP/1.1 upgrade. */
    @Override
    public byte[] getAlpnIdentifier() {
        return null;
    }

    @Override
    public String getAlpnName() {
        return null;
    }

    /** Only asked for protocols negotiated by ALPN, which this is not. */
    @Override
    public Processor getProcessor(SocketWrapperBase<?> socketWrapper, Adapter adapter) {
        return null;
    }

    /** The connector's HTTP/1.1 protocol, which says whether the connection is TLS (the request's origin). */
    @Override
    public void setHttp11Protocol(AbstractHttp11Protocol<?> protocol) {
        tls = protocol.isSSLEnabled();
    }

    @Override
    public boolean accept(Request request) {
        Target to = target();
        if (to == null || !isPlainUpgrade(request, to.upgrades.path())) {
            return false;
        }
        String key = request.getHeader("Sec-WebSocket-Key");
        if (!WebSocketKeys.isValid(key)) {
            return false;
        }
        request.action(ActionCode.REQ_HOST_ADDR_ATTRIBUTE, request);
        request.action(ActionCode.REQ_REMOTEPORT_ATTRIBUTE, request);
        ForwardedHeaders.Peer peer = to.forwarded.peer(request, tls);
        if (peer == null) {
            return false;
        }
        // Tomcat answers only a 101 here: a refusal is declined, and Spring's handshake answers it
        DirectUpgrades.Answer answer = to.upgrades.accept(
                request.queryString().toString(),
                request.getHeader("Origin"),
                peer.origin(),
                peer.address(),
                request.getHeader("User-Agent"),
                false);
        if (!(answer instanceof DirectUpgrades.Accepted upgrade)) {
            return false;
        }
        request.getResponse().setHeader("Sec-WebSocket-Accept", WebSocketKeys.accept(key));
        accepted.set(upgrade);
        taken.increment();
        return true;
    }

    @Override
    public InternalHttpUpgradeHandler getInternalUpgradeHandler(
            SocketWrapperBase<?> socketWrapper, Adapter adapter, Request request) {
        DirectUpgrades.Accepted upgrade = accepted.get();
        accepted.remove();
        Target to = target;
        if (to.adopted != null && AdoptedUpgrade.canAdopt(socketWrapper)) {
            return new AdoptedUpgrade(
                    (NioEndpoint.NioSocketWrapper) socketWrapper, upgrade, to.adopted, to.requestThreads);
        }
        // the handler keeps the class loader it is made under for the endpoint's calls, as on the servlet's way
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(to.classLoader);
        WsHttpUpgradeHandler handler;
        try {
            handler = new WsHttpUpgradeHandler();
        } finally {
            thread.setContextClassLoader(previous);
        }
        handler.preInit(
                upgrade.endpoint(),
                to.container,
                to.handshakeRequest,
                List.of(),
                null,
                null,
                Map.of(),
                socketWrapper.getSslSupport() != null);
        return handler;
    }

    /** Upgrades taken here, for tests. */
    long taken() {
        return taken.sum();
    }

    private static boolean isPlainUpgrade(Request request, String path) {
        if (!"GET".equals(request.getMethod())
                || !request.requestURI().equals(path)
                || !request.protocol().equals("HTTP/1.1")
                || !"13".equals(request.getHeader("Sec-WebSocket-Version"))
                || !hasOneHost(request.getMimeHeaders())) {
            return false;
        }
        // Java's client announces an empty body
        String length = request.getHeader("Content-Length");
        if (length != null && !length.equals("0")) {
            return false;
        }
        for (String header : DECLINED_HEADERS) {
            if (request.getMimeHeaders().getValue(header) != null) {
                return false;
            }
        }
        return true;
    }

    /** HTTP/1.1 requires exactly one Host header; Catalina answers 400 to a request with none or several. */
    private static boolean hasOneHost(MimeHeaders headers) {
        int first = headers.findHeader("Host", 0);
        return first >= 0 && headers.findHeader("Host", first + 1) < 0;
    }

    /**
     * What upgrades are handed to, found once the application runs (Tomcat is made before the application's
     * beans, and takes requests only once they all exist); until then, and if it cannot be found, every
     * upgrade is declined and takes the servlet's way.
     */
    private Target target() {
        Target found = target;
        if (found != null) {
            return found;
        }
        try {
            if (!(context instanceof WebApplicationContext web) || web.getServletContext() == null) {
                return null;
            }
            ServletContext servletContext = web.getServletContext();
            DirectUpgrades upgrades = context.getBean(DirectUpgrades.class);
            AdoptedSockets adopted =
                    context.getBeanProvider(AdoptedSockets.class).getIfAvailable();
            WsServerContainer container =
                    (WsServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            if (container == null) {
                return null;
            }
            if (!(web instanceof WebServerApplicationContext server)
                    || !(server.getWebServer() instanceof TomcatWebServer tomcat)) {
                return null;
            }
            found = new Target(
                    upgrades,
                    container,
                    servletContext.getClassLoader(),
                    blankHandshake(upgrades.path()),
                    ForwardedHeaders.of(tomcat.getTomcat().getConnector(), servletContext),
                    adopted,
                    tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor());
            target = found;
            return found;
        } catch (RuntimeException e) {
            log.debug("event=ws.directUpgradeUnavailable cause={}", e.toString());
            return null;
        }
    }

    /**
     * The handshake request every directly upgraded session is given: Tomcat copies its URI, query, parameters,
     * principal and HTTP session into each session. Herald shows the peer from its own record of the handshake,
     * and the token in the query must not be kept, so one request with none of them serves all (its URI,
     * {@code ws:///v1/ws}, names no host).
     */
    private static WsHandshakeRequest blankHandshake(String path) {
        HttpServletRequest blank = (HttpServletRequest) Proxy.newProxyInstance(
                DirectUpgradeProtocol.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getScheme" -> "ws";
                    case "getServerName" -> "";
                    case "getServerPort" -> -1;
                    case "getRequestURI" -> path;
                    case "getParameterMap" -> Map.of();
                    case "getHeaderNames" -> Collections.emptyEnumeration();
                    default -> method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
        return new WsHandshakeRequest(blank, Map.of());
    }

    private record Target(
            DirectUpgrades upgrades,
            WsServerContainer container,
            ClassLoader classLoader,
            WsHandshakeRequest handshakeRequest,
            ForwardedHeaders forwarded,
            AdoptedSockets adopted,
            Executor requestThreads) {}
}

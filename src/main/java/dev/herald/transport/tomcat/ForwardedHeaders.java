package dev.herald.transport.tomcat;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.http.parser.Host;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Who sent an upgrade that may have come through a proxy, and to which origin, as the servlet's way sees it: that
 * depends on how the application reads forwarded headers ({@code server.forward-headers-strategy}).
 * <ul>
 *   <li>{@code native}: Catalina's {@link RemoteIpValve} in the server's pipeline. A copy of it, with its settings,
 *       runs on the request here, so the client address, scheme, host and port are the valve's own reading of
 *       them, trusted proxies and all. Behind nginx this is every upgrade.</li>
 *   <li>{@code framework}: Spring's {@link ForwardedHeaderFilter}, a servlet filter. Its reading needs the servlet
 *       request, so an upgrade with forwarded headers is left to the servlet's way.</li>
 *   <li>{@code none}: the servlet's way ignores the headers, and so does this.</li>
 * </ul>
 */
final class ForwardedHeaders {

    /** The headers {@link ForwardedHeaderFilter} reads. */
    private static final List<String> FILTERED = List.of(
            "Forwarded",
            "X-Forwarded-For",
            "X-Forwarded-Host",
            "X-Forwarded-Port",
            "X-Forwarded-Proto",
            "X-Forwarded-Prefix",
            "X-Forwarded-Ssl");

    private static final String SEEN = ForwardedHeaders.class.getName();

    /** The peer of an upgrade: its address as {@code address:port}, and the origin the request was sent to. */
    record Peer(String address, String origin) {}

    private final Connector connector;
    /** A copy of the server's valve whose next valve records what it made of the request; null without one. */
    private final RemoteIpValve valve;
    /** The headers the valve reads; a request with none of them is not the valve's business. */
    private final List<String> valveHeaders;

    private final boolean filtered;

    private ForwardedHeaders(Connector connector, RemoteIpValve valve, boolean filtered) {
        this.connector = connector;
        this.filtered = filtered;
        if (valve == null) {
            this.valve = null;
            this.valveHeaders = List.of();
            return;
        }
        this.valve = copyOf(valve);
        this.valve.setNext(new Recorder());
        this.valveHeaders = Stream.of(
                        valve.getRemoteIpHeader(),
                        valve.getProtocolHeader(),
                        valve.getHostHeader(),
                        valve.getPortHeader())
                .filter(header -> header != null && !header.isEmpty())
                .toList();
    }

    /** How {@code connector}'s server and the servlet context read forwarded headers. */
    static ForwardedHeaders of(Connector connector, ServletContext servletContext) {
        return new ForwardedHeaders(
                connector, remoteIpValve(connector.getService().getContainer()), hasForwardedFilter(servletContext));
    }

    /**
     * The upgrade's peer as the servlet's way would see it, or null when only that way can tell. {@code request}
     * has its remote address and port read already.
     */
    Peer peer(org.apache.coyote.Request request, boolean tls) {
        MimeHeaders headers = request.getMimeHeaders();
        if (filtered && anyOf(FILTERED, headers)) {
            return null;
        }
        if (valve != null && anyOf(valveHeaders, headers)) {
            return throughValve(request, tls);
        }
        return new Peer(
                request.remoteAddr() + ":" + request.getRemotePort(),
                (tls ? "https://" : "http://") + request.getHeader("Host"));
    }

    private static boolean anyOf(List<String> names, MimeHeaders headers) {
        for (String name : names) {
            if (headers.getValue(name) != null) {
                return true;
            }
        }
        return false;
    }

    private Peer throughValve(org.apache.coyote.Request request, boolean tls) {
        // Tomcat sets the scheme, host and port from the Host header only after asking upgrade protocols; the
        // valve reads the scheme, and the recorder takes what the valve did not set from the Host header
        String scheme = request.scheme().toString();
        request.scheme().setString(tls ? "https" : "http");
        // one request object per proxied upgrade, as Catalina makes for every request that reaches it
        Request catalinaRequest = connector.createRequest(request);
        try {
            valve.invoke(catalinaRequest, null);
            return (Peer) catalinaRequest.getNote(SEEN);
        } catch (Exception e) {
            return null;
        } finally {
            catalinaRequest.recycle();
            request.scheme().setString(scheme);
        }
    }

    /**
     * Records the request as the valve presents it to the valves after it: its address, and the origin from the
     * valve's scheme, host and port, each taken from the Host header where the valve set none, as it would have
     * been set before the valve on the servlet's way. Null origin when there is no host to name.
     */
    private static final class Recorder extends ValveBase {

        Recorder() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) {
            String scheme = request.getScheme();
            String name = request.getServerName();
            int port = request.getServerPort();
            if (name == null || name.isEmpty()) {
                String host = request.getHeader("Host");
                int colon = host == null ? -1 : Host.parse(host);
                name = colon < 0 ? host : host.substring(0, colon);
                if (port <= 0 && colon >= 0) {
                    port = Integer.parseInt(host.substring(colon + 1));
                }
            }
            boolean defaultPort =
                    port <= 0 || port == 80 && "http".equals(scheme) || port == 443 && "https".equals(scheme);
            request.setNote(
                    SEEN,
                    new Peer(
                            request.getRemoteAddr() + ":" + request.getRemotePort(),
                            name == null || name.isEmpty()
                                    ? null
                                    : scheme + "://" + name + (defaultPort ? "" : ":" + port)));
        }
    }

    /** The first {@link RemoteIpValve} in the engine's pipeline or in those of its hosts and contexts. */
    private static RemoteIpValve remoteIpValve(Container engine) {
        List<Container> containers = new ArrayList<>(List.of(engine));
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            for (Valve valve : container.getPipeline().getValves()) {
                if (valve instanceof RemoteIpValve remoteIp) {
                    return remoteIp;
                }
            }
            containers.addAll(List.of(container.findChildren()));
        }
        return null;
    }

    private static boolean hasForwardedFilter(ServletContext servletContext) {
        for (FilterRegistration registration :
                servletContext.getFilterRegistrations().values()) {
            try {
                Class<?> type = Class.forName(registration.getClassName(), false, servletContext.getClassLoader());
                if (ForwardedHeaderFilter.class.isAssignableFrom(type)) {
                    return true;
                }
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // a filter that cannot be inspected might read the headers: leave them to the servlet's way
                return true;
            }
        }
        return false;
    }

    private static RemoteIpValve copyOf(RemoteIpValve valve) {
        RemoteIpValve copy = new RemoteIpValve();
        copy.setInternalProxies(valve.getInternalProxies());
        copy.setTrustedProxies(valve.getTrustedProxies());
        copy.setRemoteIpHeader(valve.getRemoteIpHeader());
        copy.setProxiesHeader(valve.getProxiesHeader());
        copy.setProtocolHeader(valve.getProtocolHeader());
        copy.setProtocolHeaderHttpsValue(valve.getProtocolHeaderHttpsValue());
        copy.setHostHeader(valve.getHostHeader());
        copy.setPortHeader(valve.getPortHeader());
        copy.setChangeLocalName(valve.isChangeLocalName());
        copy.setChangeLocalPort(valve.isChangeLocalPort());
        copy.setHttpServerPort(valve.getHttpServerPort());
        copy.setHttpsServerPort(valve.getHttpsServerPort());
        // the attributes are for access logs and servlets, which this way has neither of
        copy.setRequestAttributesEnabled(false);
        return copy;
    }
}

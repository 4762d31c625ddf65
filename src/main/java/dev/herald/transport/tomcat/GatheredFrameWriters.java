package dev.herald.transport.tomcat;

import dev.herald.transport.ContainerFrameWriters;
import dev.herald.transport.FrameWriter;
import dev.herald.transport.FrameWriters;
import dev.herald.transport.TransportFallbacks;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsRemoteEndpointBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;

/**
 * Tomcat's gathered writers ({@link GatheredFrameWriter}), for every connection whose endpoint is Tomcat's own
 * server endpoint with no extension negotiated; any other gets the standard writer, and the fallback is
 * counted and logged.
 */
final class GatheredFrameWriters implements ContainerFrameWriters {

    static final String NAME = "gathered";

    private final TransportFallbacks fallbacks;

    GatheredFrameWriters(TransportFallbacks fallbacks) {
        this.fallbacks = fallbacks;
    }

    /** True when Tomcat's endpoint internals were found: frames can be gathered into one write per batch. */
    static boolean internalsReachable() {
        return TomcatInternals.UNAVAILABLE == null;
    }

    @Override
    public String unavailableReason() {
        return TomcatInternals.UNAVAILABLE;
    }

    @Override
    public FrameWriters writers(FrameWriters standard) {
        return new FrameWriters() {
            @Override
            public FrameWriter open(Session session) {
                RemoteEndpoint.Async remote = session.getAsyncRemote();
                if (!session.getNegotiatedExtensions().isEmpty()) {
                    fallbacks.fellBack(
                            TransportFallbacks.EXTENSION_NEGOTIATED, "extensions " + session.getNegotiatedExtensions());
                    return standard.open(session);
                }
                WsRemoteEndpointImplBase endpoint = remote instanceof WsRemoteEndpointBase base
                        ? (WsRemoteEndpointImplBase) TomcatInternals.BASE.get(base)
                        : null;
                if (!(endpoint instanceof WsRemoteEndpointImplServer)) {
                    fallbacks.fellBack(
                            TransportFallbacks.FOREIGN_ENDPOINT,
                            "endpoint "
                                    + (endpoint == null
                                            ? remote.getClass().getName()
                                            : endpoint.getClass().getName()));
                    return standard.open(session);
                }
                return new GatheredFrameWriter(session, endpoint);
            }

            @Override
            public String name() {
                return NAME;
            }
        };
    }
}

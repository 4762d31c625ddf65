package dev.herald.transport.tomcat;

import dev.herald.transport.AdoptedSockets;
import dev.herald.transport.ContainerFrameWriters;
import dev.herald.transport.ContainerPings;
import dev.herald.transport.TransportFallbacks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Herald does on Tomcat only, present only when Tomcat's WebSocket server is on the class path (so a
 * build for another container needs no Tomcat classes): the gathered frame writer, the client's Pings shown to
 * Herald ({@link InboundPings}), and Tomcat's buffers per
 * connection, sized for a push server whose connections are mostly idle. Tomcat allocates them for every
 * connection up front: with its defaults an idle WebSocket held about 52 KB of buffers, with these about 2.3 KB
 * (socket read and write, WebSocket input, output, encoder, message parts and control frames). Herald hands
 * Tomcat frames already encoded and assembles large inbound messages from parts, so small buffers cost
 * nothing in function, only a few more read calls for large frames.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
        name = {
            "org.apache.catalina.startup.Tomcat",
            "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
            "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory"
        })
class TomcatTransportConfig {

    /**
     * Tomcat's WebSocket input, output and text-encoder buffers (8 KB each by default). Frames larger than
     * the input buffer are read in parts; outbound frames leave from Herald's own bytes, not through these.
     * Tomcat needs the input buffer to hold a control frame whole (131 bytes with its header).
     */
    private static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    private static final String WEBSOCKET_BUFFER = "256";
    /**
     * Each socket's application read buffer (8 KB by default). Tomcat reads straight into the caller's
     * buffer when that is at least this large, which the WebSocket and HTTP input buffers are, hence not
     * larger than the WebSocket buffer.
     */
    private static final String SOCKET_READ_BUFFER = "256";
    /**
     * Each socket's application write buffer (8 KB by default). WebSocket frames are written by gathering
     * writes that bypass it. Blocking HTTP writes go out in chunks of its size: a REST answer of a few hundred
     * bytes (a publish, a token) is one write either way, a large one (a history page, the dashboard's
     * script) takes a few more write calls; every idle WebSocket keeps this buffer, so it is kept small.
     */
    private static final String SOCKET_WRITE_BUFFER = "512";

    @Bean
    ContainerFrameWriters tomcatGatheredWriters(TransportFallbacks fallbacks) {
        return new GatheredFrameWriters(fallbacks);
    }

    @Bean
    ContainerPings tomcatPings() {
        return new InboundPings();
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> smallBuffers() {
        return factory -> {
            smallWebSocketBuffers();
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("socket.appReadBufSize", SOCKET_READ_BUFFER);
                connector.setProperty("socket.appWriteBufSize", SOCKET_WRITE_BUFFER);
            });
        };
    }

    /**
     * Client upgrades taken before Catalina ({@link DirectUpgradeProtocol}) on the server's connector; the
     * protocol finds the application's beans when the first upgrade comes.
     */
    @Bean
    @ConditionalOnProperty(name = "herald.transport.direct-upgrade", havingValue = "true", matchIfMissing = true)
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> directUpgrades(ApplicationContext context) {
        DirectUpgradeProtocol protocol = new DirectUpgradeProtocol(context);
        return factory -> factory.addConnectorCustomizers(connector -> connector.addUpgradeProtocol(protocol));
    }

    /**
     * With the event-loop transport, the connector's endpoint shows each accepted socket to its front door
     * first ({@link FrontDoorEndpoint}): client upgrades never reach Tomcat's poller, request threads or
     * WebSocket session. Only for the default protocol (an operator's own protocol class is kept).
     */
    @Bean
    // the same conditions as the event loops' own configuration (transport.netty.NettyTransportConfig)
    @ConditionalOnProperty(
            prefix = "herald.transport",
            name = {"event-loop", "direct-upgrade"},
            havingValue = "true",
            matchIfMissing = true)
    @ConditionalOnClass(name = "io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder")
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> frontDoor(ObjectProvider<AdoptedSockets> sockets) {
        return factory -> {
            if (factory instanceof TomcatWebServerFactory tomcat
                    && TomcatWebServerFactory.DEFAULT_PROTOCOL.equals(tomcat.getProtocol())) {
                tomcat.setProtocol(FrontDoorProtocol.class.getName());
            }
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof FrontDoorProtocol protocol) {
                    protocol.frontDoor(sockets::getIfAvailable);
                }
            });
        };
    }

    /**
     * Tomcat reads its WebSocket buffer size once, from a system property, when its WebSocket classes load:
     * the web server factory is customized before the server is made, so this is early enough. The property
     * is JVM-wide, as Tomcat's reading of it is; an explicit -D setting wins.
     */
    static void smallWebSocketBuffers() {
        if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
            System.setProperty(WEBSOCKET_BUFFER_PROPERTY, WEBSOCKET_BUFFER);
        }
    }
}

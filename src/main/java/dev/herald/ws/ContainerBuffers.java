package dev.herald.ws;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's buffers per connection, sized for a push server whose connections are mostly idle. Tomcat
 * allocates them for every connection up front: with its defaults an idle WebSocket held about 52 KB of
 * buffers. Herald hands Tomcat frames already encoded and assembles large inbound messages from parts, so
 * small buffers cost nothing in function, only a few more read calls for large frames.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerBuffers {

    /** Tomcat's WebSocket input, output and text-encoder buffers (8 KB each by default). */
    private static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    private static final String WEBSOCKET_BUFFER = "2048";
    /** The container's read buffers of an assembled message part: text in chars, binary in bytes. */
    static final int MESSAGE_PART_BUFFER = 1024;
    /** Each socket's application read and write buffers (8 KB each by default). */
    private static final String SOCKET_BUFFER = "4096";

    /**
     * Tomcat reads its WebSocket buffer size once, from a system property, when its classes load; this must
     * run before the web server starts. An explicit -D setting wins.
     */
    public static void beforeContainerStarts() {
        if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
            System.setProperty(WEBSOCKET_BUFFER_PROPERTY, WEBSOCKET_BUFFER);
        }
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> smallSocketBuffers() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", SOCKET_BUFFER);
            connector.setProperty("socket.appWriteBufSize", SOCKET_BUFFER);
        });
    }
}

package dev.herald.ws;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's buffers per connection, sized for a push server whose connections are mostly idle. Tomcat
 * allocates them for every connection up front: with its defaults an idle WebSocket held about 52 KB of
 * buffers, with these about 4 KB. Herald hands Tomcat frames already encoded and assembles large inbound messages from parts, so
 * small buffers cost nothing in function, only a few more read calls for large frames.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerBuffers {

    /**
     * Tomcat's WebSocket input, output and text-encoder buffers (8 KB each by default). Frames larger than
     * the input buffer are read in parts; outbound frames leave from Herald's own bytes, not through these.
     */
    private static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    private static final String WEBSOCKET_BUFFER = "512";
    /** The container's read buffers of an assembled message part: text in chars, binary in bytes. */
    static final int MESSAGE_PART_BUFFER = 256;
    /**
     * Each socket's application read buffer (8 KB by default). Tomcat reads straight into the caller's
     * buffer when that is at least this large, which the WebSocket and HTTP input buffers are.
     */
    private static final String SOCKET_READ_BUFFER = "512";
    /**
     * Each socket's application write buffer (8 KB by default). WebSocket frames are written by gathering
     * writes that bypass it; blocking HTTP writes go out in chunks of its size, hence not smaller.
     */
    private static final String SOCKET_WRITE_BUFFER = "2048";

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
            connector.setProperty("socket.appReadBufSize", SOCKET_READ_BUFFER);
            connector.setProperty("socket.appWriteBufSize", SOCKET_WRITE_BUFFER);
        });
    }
}

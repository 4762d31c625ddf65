package dev.herald.transport;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param writer {@code auto}: the container's own gathered writer where Herald has one (Tomcat), else the
 *               standard Jakarta WebSocket send; {@code standard}: the standard send on every container
 * @param directUpgrade on Tomcat, whether client upgrades that need no refusal are taken in Tomcat's HTTP
 *               processor, before the servlet layers (read by {@code transport.tomcat}); false sends every
 *               upgrade through Spring's handshake
 * @param eventLoop whether directly upgraded client connections run on Netty's event loops
 *               ({@code transport.netty}) instead of the container's WebSocket session: Tomcat's NIO connector
 *               without TLS hands their sockets over once it has answered the upgrade
 */
@ConfigurationProperties("herald.transport")
record TransportProperties(
        @DefaultValue("auto") Writer writer,
        @DefaultValue("true") boolean directUpgrade,
        @DefaultValue("true") boolean eventLoop) {

    enum Writer {
        AUTO,
        STANDARD
    }
}

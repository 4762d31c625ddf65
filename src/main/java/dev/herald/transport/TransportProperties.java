package dev.herald.transport;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param writer {@code auto}: the container's own gathered writer where Herald has one (Tomcat), else the
 *               standard Jakarta WebSocket send; {@code standard}: the standard send on every container
 * @param directUpgrade on Tomcat, whether client upgrades that need no refusal are taken in Tomcat's HTTP
 *               processor, before the servlet layers (read by {@code transport.tomcat}); false sends every
 *               upgrade through Spring's handshake
 * @param eventLoop whether directly upgraded client connections run on Netty's event loops
 *               ({@code transport.netty}) instead of the container's WebSocket session: Tomcat's NIO connector
 *               without TLS hands their sockets over once it has answered the upgrade
 * @param writeWindow on the event loops, how long after a write to a connection its next write waits, so that
 *               what is published meanwhile leaves in one write (one TCP segment, where the kernel's cost is)
 *               instead of one each; a connection written to less often never waits, nor do replies to the
 *               client's own commands. 0 writes every frame at once
 */
@ConfigurationProperties("herald.transport")
@Validated
public record TransportProperties(
        @DefaultValue("auto") Writer writer,
        @DefaultValue("true") boolean directUpgrade,
        @DefaultValue("true") boolean eventLoop,

        @DefaultValue("30ms") @DurationMin(millis = 0) @DurationMax(seconds = 1)
        Duration writeWindow) {

    enum Writer {
        AUTO,
        STANDARD
    }
}

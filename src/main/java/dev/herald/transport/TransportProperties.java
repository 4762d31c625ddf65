package dev.herald.transport;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param writer {@code auto}: the container's own gathered writer where Herald has one (Tomcat), else the
 *               standard Jakarta WebSocket send; {@code standard}: the standard send on every container
 */
@ConfigurationProperties("herald.transport")
record TransportProperties(@DefaultValue("auto") Writer writer) {

    enum Writer {
        AUTO,
        STANDARD
    }
}

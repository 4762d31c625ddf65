package dev.herald.ws;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param interval how often every connection gets a WebSocket Ping
 * @param timeout  how long a Pong may take before the connection is closed with 4000
 */
@ConfigurationProperties("herald.keepalive")
record KeepaliveProperties(
        @DefaultValue("20s") Duration interval,
        @DefaultValue("10s") Duration timeout) {}

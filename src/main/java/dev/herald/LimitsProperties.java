package dev.herald;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits that protect the server and other clients from one client: sizes, rates and slow consumers, and
 * the node from a storm of handshakes (connections per second per node, connections per user).
 * Shared by the REST publish path and the WebSocket endpoint, hence in the root package.
 */
@Validated
@ConfigurationProperties("herald.limits")
public record LimitsProperties(
        @DefaultValue("64KB") DataSize maxMessageSize,
        @DefaultValue("64KB") DataSize maxFrameSize,
        @DefaultValue("1MB") DataSize sendBufferSize,
        @DefaultValue("10s") Duration sendTime,
        @DefaultValue("50") @Min(1) int clientMessagesPerSecond,
        @DefaultValue("100") @Min(1) int clientBurst,
        @DefaultValue("1000") @Min(1) int maxSubscriptions,
        @DefaultValue("4000") @Min(0) int connectionsPerSecond,
        @DefaultValue("1000") @Min(0) int connectionsPerUser) {

    /** Whether {@link #connectionsPerSecond()} applies (0 turns the limit off). */
    public boolean limitsConnectionRate() {
        return connectionsPerSecond > 0;
    }

    /** Whether {@link #connectionsPerUser()} applies (0 turns the limit off). */
    public boolean limitsConnectionsPerUser() {
        return connectionsPerUser > 0;
    }
}

package dev.herald.channel;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param size messages retained per channel for recovery and the history API
 * @param ttl  how long a message is retained, and how long an idle channel with no subscribers is kept
 */
@Validated
@ConfigurationProperties("herald.history")
public record HistoryProperties(
        @DefaultValue("100") @Min(0) int size,
        @DefaultValue("5m") Duration ttl) {}

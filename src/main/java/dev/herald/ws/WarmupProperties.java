package dev.herald.ws;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param connections how many loopback connections the node opens, subscribes and closes at start before it
 *                    reports ready (health {@code OUT_OF_SERVICE} until then), so that the JIT has compiled the
 *                    connection path before clients churn or storm; 0 (the default) starts cold
 * @param concurrency how many of them are open at once
 * @param timeout     the warm-up stops opening connections after this, done or not
 */
@ConfigurationProperties("herald.warmup")
@Validated
record WarmupProperties(
        @DefaultValue("0") @Min(0) @Max(1_000_000) int connections,
        @DefaultValue("8") @Min(1) @Max(256) int concurrency,

        @DefaultValue("30s") @DurationMin(seconds = 1) @DurationMax(minutes = 10)
        Duration timeout) {}

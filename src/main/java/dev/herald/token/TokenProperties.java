package dev.herald.token;

import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param secret           HS256 key of connection tokens, at least 32 bytes; generated and logged when unset
 * @param defaultTtl       lifetime of a token when the request gives none
 * @param maxTtl           the longest lifetime a request may ask for
 * @param defaultSubscribe subscribe patterns of a token when the request gives none
 * @param defaultPublish   publish patterns of a token when the request gives none
 */
@Validated
@ConfigurationProperties("herald.token")
public record TokenProperties(
        @Size(min = 32, message = "must be at least 32 bytes (HS256 needs a 256-bit key)") String secret,
        @DefaultValue("1h") Duration defaultTtl,
        @DefaultValue("24h") Duration maxTtl,
        @DefaultValue("**") List<String> defaultSubscribe,
        @DefaultValue List<String> defaultPublish) {
}

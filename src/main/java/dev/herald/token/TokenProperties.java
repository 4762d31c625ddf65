package dev.herald.token;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param secret           HS256 key of connection tokens, at least 32 bytes in UTF-8 (checked by
 *                         {@link TokenService}, which names the property but never echoes the value);
 *                         generated and logged when unset
 * @param defaultTtl       lifetime of a token when the request gives none
 * @param maxTtl           the longest lifetime a request may ask for
 * @param defaultSubscribe subscribe patterns of a token when the request gives none
 * @param defaultPublish   publish patterns of a token when the request gives none
 */
@Validated
@ConfigurationProperties("herald.token")
record TokenProperties(
        String secret,
        @DefaultValue("1h") Duration defaultTtl,
        @DefaultValue("24h") Duration maxTtl,
        @DefaultValue("**") List<String> defaultSubscribe,
        @DefaultValue List<String> defaultPublish) {}

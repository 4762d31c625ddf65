package dev.herald.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the REST API (API keys) and which browser pages may open WebSockets (origins).
 *
 * @param apiKeys            keys accepted as {@code Authorization: Bearer} or {@code X-Api-Key}; one is
 *                           generated and logged at start when empty
 * @param allowedOrigins     origin patterns allowed to open {@code /v1/ws}; empty means same-origin only
 *                           (clients that send no Origin, such as servers and devices, always pass)
 * @param anonymousSubscribe channel patterns that may be read with no token
 * @param connectTimeout     how long a connection opened with no token in its URL may take to send a valid
 *                           {@code connect} frame before it is closed with 4401; must be positive
 */
@ConfigurationProperties("herald.security")
public record SecurityProperties(
        @DefaultValue List<String> apiKeys,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue List<String> anonymousSubscribe,
        @DefaultValue("5s") Duration connectTimeout) {

    public SecurityProperties {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "herald.security.connect-timeout must be positive, got " + connectTimeout);
        }
    }
}

package dev.herald.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** The API keys of servers and operators, compared in constant time. */
@Component
class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final List<byte[]> keys;

    ApiKeys(SecurityProperties properties) {
        List<String> configured =
                properties.apiKeys().stream().filter(k -> !k.isBlank()).toList();
        if (configured.isEmpty()) {
            configured = List.of(GeneratedSecret.generate(log, "API key", "herald.security.api-keys"));
        }
        this.keys =
                configured.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The key a request presents, as {@code X-Api-Key} or {@code Authorization: Bearer}, or null. */
    static String presentedBy(HttpServletRequest request) {
        String presented = request.getHeader("X-Api-Key");
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        return presented;
    }

    /** True when the presented key equals one of the configured keys; every key is compared, always. */
    boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}

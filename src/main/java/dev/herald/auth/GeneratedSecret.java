package dev.herald.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;

/** Development credentials made at start when none is configured, announced once like Spring Security's. */
public final class GeneratedSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecret() {
    }

    public static String generate(Logger log, String what, String property) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        log.warn("""


                Using generated {}: {}

                This value is for development only and changes at every start. Set {} for production.
                """, what, secret, property);
        return secret;
    }
}

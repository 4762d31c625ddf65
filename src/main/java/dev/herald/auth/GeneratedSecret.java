package dev.herald.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;

/** Development credentials made at start when none is configured, announced once like Spring Security's. */
public final class GeneratedSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecret() {}

    /** A new random value, announced with its value: for what a developer must type, such as an API key. */
    public static String generate(Logger log, String what, String property) {
        String secret = random();
        log.warn("""


                Using generated {}: {}

                This value is for development only and changes at every start. Set {} for production.
                """, what, secret, property);
        return secret;
    }

    /**
     * A new random value, announced without it: for a key nobody needs to read (the token secret), which a
     * log must not hand to whoever can read the log.
     */
    public static String generateUnshown(Logger log, String what, String property) {
        log.warn(
                "Using a generated {} (not logged); it changes at every start. Set {} for production and for"
                        + " more than one node.",
                what,
                property);
        return random();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

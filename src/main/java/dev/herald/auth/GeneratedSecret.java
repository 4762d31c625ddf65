package dev.herald.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;

/** Development credentials made at start when none is configured, announced once like Spring Security's. */
public final class GeneratedSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecret() {}

    /**
     * A new random value, announced with its value (the contract's "generated and logged"): an API key for a
     * developer to type, a token secret for another service to sign with. A log that shows it shows no more than
     * the API key beside it, which can have tokens made anyway.
     */
    public static String generate(Logger log, String what, String property) {
        String secret = random();
        log.warn("""


                Using generated {}: {}

                This value is for development only and changes at every start. Set {} for production.
                """, what, secret, property);
        return secret;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package dev.herald.ws;

import dev.herald.testing.IntegrationTest;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of tests that need settings other than the defaults. Every setting they need is here, so that all
 * of them share one more running application instead of one each; each setting is chosen so that it does
 * not disturb the tests of the others.
 */
@TestPropertySource(
        properties = {
            "herald.security.anonymous-subscribe=" + ConfiguredServerTest.ANONYMOUS_PATTERN,
            "herald.security.allowed-origins=" + ConfiguredServerTest.ALLOWED_ORIGIN,
            "herald.limits.max-message-size=" + ConfiguredServerTest.MAX_MESSAGE_BYTES + "B",
            "herald.limits.max-subscriptions=" + ConfiguredServerTest.MAX_SUBSCRIPTIONS,
            "herald.history.size=" + ConfiguredServerTest.HISTORY_SIZE,
            "herald.token.secret=" + ConfiguredServerTest.LONG_SECRET
        })
abstract class ConfiguredServerTest extends IntegrationTest {

    static final String ANONYMOUS_PATTERN = "public/**";
    static final String ALLOWED_ORIGIN = "http://app.example";
    static final int MAX_MESSAGE_BYTES = 1024;
    static final int MAX_SUBSCRIPTIONS = 3;
    static final int HISTORY_SIZE = 3;
    /** Long enough for HS512 (64 bytes), so that only the algorithm rule can refuse an HS512 token. */
    static final String LONG_SECRET = "a-token-secret-of-more-than-sixty-four-bytes-so-that-hs512-could-verify";
}

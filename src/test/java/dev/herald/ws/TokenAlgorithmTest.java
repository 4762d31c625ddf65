package dev.herald.ws;

import static dev.herald.ws.HandshakeTest.hs256;
import static dev.herald.ws.HandshakeTest.hs512;
import static dev.herald.ws.HandshakeTest.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Tokens;
import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;

/** Only HS256 is accepted, even where the secret would be long enough for a stronger HMAC. */
class TokenAlgorithmTest extends ConfiguredServerTest {

    private int status(String token) {
        return WsClient.handshakeStatus(WsClient.uri(port, token), null);
    }

    @Test
    void anHs256TokenSignedWithTheServersSecretUpgrades() {
        assertThat(LONG_SECRET).hasSizeGreaterThanOrEqualTo(64);
        assertThat(status(hs256(validClaims(), LONG_SECRET))).isEqualTo(101);
    }

    @Test
    void anHs512TokenSignedWithTheServersSecretIsUnauthorized() {
        assertThat(status(hs512(validClaims(), LONG_SECRET))).isEqualTo(401);
    }

    @Test
    void aValidTokenWhoseSignatureDiffersOnlyInUnusedBitsIsUnauthorized() {
        String token = hs256(validClaims(), LONG_SECRET);

        assertThat(status(Tokens.withUnusedSignatureBitFlipped(token))).isEqualTo(401);
    }

    @Test
    void aSignedTokenWithANullExpiryIsUnauthorizedRatherThanAServerError() {
        String claims = validClaims().toString().replaceFirst("\"exp\":\\d+", "\"exp\":null");
        assertThat(claims).contains("\"exp\":null");

        assertThat(status(HandshakeTest.signedByHand("HS256", claims, LONG_SECRET)))
                .isEqualTo(401);
    }
}

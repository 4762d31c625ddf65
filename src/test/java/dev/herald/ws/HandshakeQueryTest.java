package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandshakeQueryTest {

    @Test
    void theTokenIsTheFirstValueNamedTokenLeftEncoded() {
        assertThat(HandshakeGuard.firstValue("token=a.b.c", "token")).isEqualTo("a.b.c");
        assertThat(HandshakeGuard.firstValue("x=1&token=a%2Eb&token=other", "token"))
                .isEqualTo("a%2Eb");
        assertThat(HandshakeGuard.firstValue("token=a=b&x", "token")).isEqualTo("a=b");
    }

    @Test
    void aNameThatOnlyStartsOrEndsLikeTokenIsNotTheToken() {
        assertThat(HandshakeGuard.firstValue("tokens=a&xtoken=b&token2=c", "token"))
                .isNull();
        assertThat(HandshakeGuard.firstValue("tok=a", "token")).isNull();
    }

    @Test
    void aMissingOrValuelessTokenHasNoValue() {
        assertThat(HandshakeGuard.firstValue(null, "token")).isNull();
        assertThat(HandshakeGuard.firstValue("", "token")).isNull();
        assertThat(HandshakeGuard.firstValue("token&token=late", "token")).isNull();
        assertThat(HandshakeGuard.firstValue("token=", "token")).isEmpty();
        assertThat(HandshakeGuard.firstValue("a=1&&token=t&", "token")).isEqualTo("t");
    }

    @Test
    void aQueryIsWellFormedExactlyWhenTheUriParserAcceptsIt() {
        String alphabet = "aZ09-_.!~*'();/?:@&=+$,%%%[]#\"<> {}|^`\u00e9\u00a0\u0001\u007f\u2028";
        Random random = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder query = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                query.append(
                        random.nextInt(4) == 0
                                ? "0123456789abcdefABCDEFgG".charAt(random.nextInt(24))
                                : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String q = query.toString();
            assertThat(HandshakeGuard.isWellFormed(q)).as(q).isEqualTo(uriAccepts(q));
        }
    }

    @Test
    void aRealTokenQueryIsWellFormedAndAStrayPercentIsNot() {
        assertThat(HandshakeGuard.isWellFormed("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln-_&x=%2F"))
                .isTrue();
        assertThat(HandshakeGuard.isWellFormed("token=abc%zz")).isFalse();
        assertThat(HandshakeGuard.isWellFormed("token=abc%2")).isFalse();
        assertThat(HandshakeGuard.isWellFormed("token=a b")).isFalse();
    }

    private static boolean uriAccepts(String query) {
        try {
            new URI("ws://herald/?" + query);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

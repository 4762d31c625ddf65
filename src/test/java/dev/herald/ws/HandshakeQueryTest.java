package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

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
}

package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages of the origins in {@code herald.security.allowed-origins} (here {@code http://app.example}) may connect. */
class AllowedOriginsTest extends ConfiguredServerTest {

    private int status(String origin) {
        return WsClient.handshakeStatus(WsClient.uri(port, token("page", List.of("**"), List.of())), origin);
    }

    @Test
    void aPageFromAnAllowedOriginConnects() {
        assertThat(status(ALLOWED_ORIGIN)).isEqualTo(101);
    }

    @Test
    void aPageFromAnyOtherOriginIsStillForbidden() {
        assertThat(status("http://evil.example")).isEqualTo(403);
        assertThat(status("https://app.example")).isEqualTo(403);
        assertThat(status("http://app.example:8080")).isEqualTo(403);
    }

    @Test
    void aClientThatSendsNoOriginStillPasses() {
        assertThat(status(null)).isEqualTo(101);
    }
}

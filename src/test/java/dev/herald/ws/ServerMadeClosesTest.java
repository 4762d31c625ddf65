package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closes the server makes because a client broke the protocol count as the server's (`protocol`,
 * `invalid_data`), not as `peer_1002`/`peer_1007`, while a client's own close frame still counts as the peer's.
 */
class ServerMadeClosesTest extends IntegrationTest {

    private static final String CLOSED = "herald_connections_closed_total";

    private RawWebSocket open(String user) throws IOException {
        RawWebSocket client = RawWebSocket.open(port, "/v1/ws?token=" + token(user, List.of("**"), List.of()));
        assertThat(client.read(Duration.ofSeconds(5)).text()).contains("\"welcome\"");
        return client;
    }

    @Test
    void anUnmaskedFrameIsClosedWith1002AndCountedAsAProtocolErrorNotAsThePeers() throws IOException {
        LifecycleProbe probe = new LifecycleProbe(api());
        double protocol = probe.counter(CLOSED, "kind=\"client\",reason=\"protocol\"");
        double peer = probe.counter(CLOSED, "reason=\"peer_1002\"");
        try (RawWebSocket client = open("unmasked")) {
            client.sendRaw(RawWebSocket.frame(0x80 | RawWebSocket.TEXT, "{\"type\":\"ping\"}".getBytes(), false));

            assertThat(client.awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1002);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> probe.counter(CLOSED, "kind=\"client\",reason=\"protocol\"") >= protocol + 1);
        assertThat(probe.counter(CLOSED, "reason=\"peer_1002\"")).isEqualTo(peer);
    }

    @Test
    void aTextFrameThatIsNotUtf8IsClosedWith1007AndCountedAsInvalidData() throws IOException {
        LifecycleProbe probe = new LifecycleProbe(api());
        double invalid = probe.counter(CLOSED, "kind=\"client\",reason=\"invalid_data\"");
        double peer = probe.counter(CLOSED, "reason=\"peer_1007\"");
        try (RawWebSocket client = open("bad-utf8")) {
            client.send(RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});

            assertThat(client.awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1007);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> probe.counter(CLOSED, "kind=\"client\",reason=\"invalid_data\"") >= invalid + 1);
        assertThat(probe.counter(CLOSED, "reason=\"peer_1007\"")).isEqualTo(peer);
    }

    @Test
    void aClientsOwnCloseFrameWith1002StillCountsAsThePeers() throws IOException {
        LifecycleProbe probe = new LifecycleProbe(api());
        double peer = probe.counter(CLOSED, "reason=\"peer_1002\"");
        try (RawWebSocket client = open("client-says-1002")) {
            byte[] reason = "the server sent something odd".getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + reason.length];
            payload[0] = (byte) (1002 >> 8);
            payload[1] = (byte) (1002 & 0xff);
            System.arraycopy(reason, 0, payload, 2, reason.length);
            client.send(RawWebSocket.CLOSE, payload);

            assertThat(client.awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1002);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.counter(CLOSED, "reason=\"peer_1002\"") >= peer + 1);
    }
}

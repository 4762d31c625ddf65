package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.LogCapture;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-connection log lines: at DEBUG, so thousands of connections a second cost no log line at INFO (their
 * counts are in the metrics), and with what a client wrote escaped, so it cannot forge lines or keys.
 */
class ConnectionLogTest extends IntegrationTest {

    @Test
    void aCloseReasonWithLineBreaksAndNulAndAUserAgentWithAQuoteAreLoggedEscapedOnOneLine() throws IOException {
        String token = token("log-forger", List.of("**"), List.of());
        try (LogCapture log = LogCapture.debug(HeraldWebSocketHandler.class);
                RawWebSocket client =
                        RawWebSocket.open(port, "/v1/ws?token=" + token, 0, "User-Agent: evil\" user=admin")) {
            String id = welcomeId(client);
            ByteArrayOutputStream close = new ByteArrayOutputStream();
            close.write(new byte[] {(byte) (4100 >> 8), (byte) (4100 & 0xff)});
            close.writeBytes("bye\r\nevent=ws.connect id=forged\u0000".getBytes(StandardCharsets.UTF_8));
            client.send(RawWebSocket.CLOSE, close.toByteArray());

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !log.lines("event=ws.close id=" + id).isEmpty());
            String closeLine = log.lines("event=ws.close id=" + id).get(0);
            assertThat(closeLine)
                    .doesNotContain("\n", "\r", "\u0000")
                    .contains("reason=\"bye\\r\\nevent=ws.connect id=forged\\u0000\"");
            assertThat(log.lines("id=forged")).hasSize(1);
            assertThat(log.lines("event=ws.connect id=" + id))
                    .singleElement()
                    .asString()
                    .contains("userAgent=\"evil\\\" user=admin\"");
        }
    }

    @Test
    void connectsAndClosesLogNothingAtInfoAndAreCountedInTheMetrics() {
        LifecycleProbe probe = new LifecycleProbe(api());
        double opened = probe.counter("herald_connections_opened_total", "kind=\"client\"");
        double closedNormally = probe.counter("herald_connections_closed_total", "reason=\"normal\"");
        try (LogCapture log = LogCapture.info(HeraldWebSocketHandler.class)) {
            for (int i = 0; i < 5; i++) {
                try (WsClient client = connectReader("quiet-" + i)) {
                    client.subscribe("quiet/" + i);
                }
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> probe.counter("herald_connections_closed_total", "reason=\"normal\"")
                            >= closedNormally + 5);

            assertThat(log.lines("event=ws.")).isEmpty();
            assertThat(probe.counter("herald_connections_opened_total", "kind=\"client\""))
                    .isGreaterThanOrEqualTo(opened + 5);
        }
    }

    private static String welcomeId(RawWebSocket client) throws IOException {
        String welcome = client.read(Duration.ofSeconds(5)).text();
        return Api.JSON.readTree(welcome).path("connectionId").asString();
    }
}

package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.ping;
import static dev.herald.ws.Requests.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What one client may send: text only, frames up to 64 KiB, 50 frames a second with bursts of 100. */
class FrameLimitsTest extends IntegrationTest {

    private static final int MAX_FRAME = 64 * 1024;

    /** A ping frame of exactly {@code bytes} bytes (ASCII), padded in its id. */
    private static String pingOfSize(int bytes) {
        String empty = ping("");
        return ping("x".repeat(bytes - empty.length()));
    }

    @Test
    void aBinaryFrameClosesTheConnectionWith1003() {
        try (WsClient client = connectReader("binary")) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.awaitClose(5).code()).isEqualTo(1003);
        }
    }

    @Test
    void aTextFrameOneByteOver64KiBClosesTheConnectionWith1009() {
        try (WsClient client = connectReader("big-mouth")) {
            String frame = pingOfSize(MAX_FRAME + 1);
            assertThat(frame).hasSize(MAX_FRAME + 1);
            client.send(frame);
            assertThat(client.awaitClose(5).code()).isEqualTo(1009);
        }
    }

    @Test
    void aTextFrameOfExactly64KiBIsAccepted() {
        try (WsClient client = connectReader("full-frame")) {
            String frame = pingOfSize(MAX_FRAME);
            assertThat(frame).hasSize(MAX_FRAME);
            client.send(frame);
            JsonNode pong = client.next("pong");
            assertThat(pong.path("id").asString()).hasSize(MAX_FRAME - ping("").length());
            expectOnlyPong(client);
        }
    }

    @Test
    void theFrameLimitCountsUtf8BytesNotCharacters() {
        // 'é' is two bytes in UTF-8: this frame has fewer than 64 Ki characters but more than 64 KiB
        try (WsClient client = connectReader("accented")) {
            String frame = ping("é".repeat(MAX_FRAME / 2));
            assertThat(frame.length()).isLessThan(MAX_FRAME);
            client.send(frame);
            assertThat(client.awaitClose(5).code()).isEqualTo(1009);
        }
    }

    @Test
    void aFrameOfExactly64KiBInMultiByteCharactersIsAccepted() {
        // four-byte characters (surrogate pairs in Java) that straddle the server's 4 KiB read parts
        try (WsClient client = connectReader("emoji")) {
            String empty = ping("");
            int padding = MAX_FRAME - empty.length();
            String id = "\uD83D\uDE00".repeat(padding / 4) + "x".repeat(padding % 4);
            String frame = ping(id);
            assertThat(frame.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(MAX_FRAME);
            client.send(frame);
            assertThat(client.next("pong").path("id").asString()).isEqualTo(id);
        }
    }

    @Test
    void aSixtyKiBPublishArrivesInPartsAndIsPublishedWhole() {
        String channel = unique("limits/big");
        String data = "0123456789abcdef".repeat(60 * 1024 / 16);
        try (WsClient reader = connectReader("big-reader");
                WsClient publisher = connectPublisher("big-writer", "limits/**")) {
            reader.subscribe(channel);

            publisher.send(publish(channel, data, "big"));
            assertThat(publisher.next("published").path("id").asString()).isEqualTo("big");

            JsonNode message = reader.next("message");
            assertThat(message.path("data").asString()).isEqualTo(data);
            expectOnlyPong(publisher);
        }
    }

    @Test
    void aClientThatSendsMoreThanTheBurstAtOnceIsClosedWith4029() {
        try (WsClient client = connectReader("flooder")) {
            for (int i = 0; i < 300 && !client.isClosed(); i++) {
                try {
                    client.send(ping("f" + i));
                } catch (CompletionException e) {
                    break; // the server closed the connection while we were still sending
                }
            }
            assertThat(client.awaitClose(5).code()).isEqualTo(4029);
        }
    }

    @Test
    void aClientThatSendsAWholeBurstAtOnceIsServedAndStaysOpen() {
        try (WsClient client = connectReader("bursty")) {
            for (int i = 0; i < 100; i++) {
                client.send(ping("b" + i));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(client.next("pong").path("id").asString()).isEqualTo("b" + i);
            }
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aClientThatKeepsUnderTheRateIsNeverClosed() throws InterruptedException {
        try (WsClient client = connectReader("steady")) {
            // 90 frames at once, then 60 more at 40 a second: 150 frames in all, more than the burst
            for (int i = 0; i < 90; i++) {
                client.send(ping("s" + i));
            }
            for (int i = 90; i < 150; i++) {
                Thread.sleep(25);
                client.send(ping("s" + i));
            }
            for (int i = 0; i < 150; i++) {
                assertThat(client.next("pong").path("id").asString()).isEqualTo("s" + i);
            }
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void pingFramesCountTowardTheRateSoAFloodOfThemIsClosedWith4029() throws IOException {
        String token = token("ping-flooder", List.of("**"), List.of());
        try (RawWebSocket client = RawWebSocket.open(port, "/v1/ws?token=" + token)) {
            for (int i = 0; i < 1000; i++) {
                try {
                    client.send(RawWebSocket.PING, new byte[] {(byte) i});
                } catch (IOException e) {
                    break; // the server closed the connection while we were still sending
                }
            }
            int pongs = 0;
            RawWebSocket.Frame frame;
            while ((frame = client.read(Duration.ofSeconds(5))).opcode() != RawWebSocket.CLOSE) {
                pongs += frame.opcode() == RawWebSocket.PONG ? 1 : 0;
            }
            assertThat(frame.closeCode()).isEqualTo(4029);
            // the burst of 100 and what the bucket refilled meanwhile (50 a second), not the 1000 sent
            assertThat(pongs).isBetween(100, 200);
        }
    }

    @Test
    void pingFramesWithinTheBurstAreAllAnsweredAndTheConnectionStaysOpen() throws IOException {
        String token = token("ping-steady", List.of("**"), List.of());
        try (RawWebSocket client = RawWebSocket.open(port, "/v1/ws?token=" + token)) {
            assertThat(client.read(Duration.ofSeconds(5)).text()).contains("\"welcome\"");
            for (int i = 0; i < 90; i++) {
                client.send(RawWebSocket.PING, new byte[] {(byte) i});
            }
            for (int i = 0; i < 90; i++) {
                RawWebSocket.Frame pong = client.read(Duration.ofSeconds(5));
                assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
                assertThat(pong.payload()).containsExactly((byte) i);
            }
            client.sendText(ping("after-pings"));
            assertThat(client.read(Duration.ofSeconds(5)).text()).contains("after-pings");
        }
    }
}

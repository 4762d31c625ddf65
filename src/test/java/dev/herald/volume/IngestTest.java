package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.Api;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class IngestTest extends VolumeTest {

    private static final int RATE = 16000;
    /** 50 ms at 16 kHz. */
    private static final int WINDOW = 800;

    @Test
    void aFullScaleSineStreamedByADeviceIsPublishedAsZeroPeakAndMinusThreePointZeroOneRms() {
        String device = newDeviceId("mic");
        try (WsClient reader = volumeReader(device);
                WsClient mic = ingest(device, "rate=16000&format=s16le")) {
            mic.sendBinary(Pcm.sine(1.0, 1000, RATE, 4 * WINDOW));

            JsonNode live = reader.next("message").path("data");
            assertThat(live.path("deviceId").asString()).isEqualTo(device);
            assertThat(live.path("peakDb").asDouble()).isEqualTo(0.0);
            assertThat(live.path("rmsDb").asDouble()).isEqualTo(-3.01);
            for (JsonNode level : levels(device, 4)) {
                assertThat(level.path("peakDb").asDouble()).isEqualTo(0.0);
                assertThat(level.path("rmsDb").asDouble()).isEqualTo(-3.01);
                assertThat(level.path("ts").asLong()).isPositive();
            }
        }
    }

    @Test
    void samplesSplitAcrossFramesAreMeteredAsOneStream() {
        String device = newDeviceId("split");
        byte[] quiet = Pcm.sine(0.1, 500, RATE, WINDOW);
        byte[] loud = Pcm.square(32767, 20, WINDOW);
        byte[] stream = new byte[quiet.length + loud.length];
        System.arraycopy(quiet, 0, stream, 0, quiet.length);
        System.arraycopy(loud, 0, stream, quiet.length, loud.length);
        try (WsClient mic = ingest(device, "rate=16000")) {
            // cuts inside samples and across the window boundary
            int[] cuts = {0, 1, 2, 333, 1599, 1601, 2401, stream.length};
            for (int i = 0; i + 1 < cuts.length; i++) {
                mic.sendBinary(Arrays.copyOfRange(stream, cuts[i], cuts[i + 1]));
            }

            List<JsonNode> levels = levels(device, 2);
            assertThat(levels.get(0).path("peakDb").asDouble()).isEqualTo(-20.0);
            assertThat(levels.get(0).path("rmsDb").asDouble()).isEqualTo(-23.01);
            assertThat(levels.get(1).path("peakDb").asDouble()).isEqualTo(0.0);
            assertThat(levels.get(1).path("rmsDb").asDouble()).isEqualTo(0.0);
        }
    }

    @Test
    void digitalSilenceIsPublishedAsTheFloorOfMinus120() {
        String device = newDeviceId("mute");
        try (WsClient reader = volumeReader(device);
                WsClient mic = ingest(device, "rate=8000")) {
            mic.sendBinary(Pcm.silence(400));

            JsonNode data = reader.next("message").path("data");
            assertThat(data.path("rmsDb").isNumber()).isTrue();
            assertThat(data.path("rmsDb").asDouble()).isEqualTo(-120.0);
            assertThat(data.path("peakDb").asDouble()).isEqualTo(-120.0);
        }
    }

    @Test
    void anIngestingDeviceIsListedWithSourceIngestAndAnnouncedLive() {
        String device = newDeviceId("listed-mic");
        try (WsClient status = connectReader("status-reader")) {
            status.subscribe(Devices.STATUS_CHANNEL);
            try (WsClient mic = ingest(device, "rate=16000")) {
                mic.sendBinary(Pcm.sine(0.5, 1000, RATE, WINDOW));

                assertThat(nextStatusOf(status, device).path("state").asString())
                        .isEqualTo("live");
            }
            JsonNode listed = null;
            for (JsonNode entry : api().get("/v1/api/devices").json().path("devices")) {
                if (entry.path("deviceId").asString().equals(device)) {
                    listed = entry;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.path("source").asString()).isEqualTo("ingest");
            assertThat(listed.path("peakDb").asDouble()).isEqualTo(-6.02);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "rate=", "rate=7999", "rate=48001", "rate=16k", "rate=16000&format=f32le", "rate=99999999999"
            })
    void aBadRateOrFormatClosesTheConnectionWith4400AndSaysWhy(String query) {
        String device = newDeviceId("bad-query");
        try (WsClient mic = ingest(device, query)) {
            WsClient.Closed closed = mic.awaitClose(5);

            assertThat(closed.code()).isEqualTo(4400);
            assertThat(closed.reason()).containsAnyOf("rate must be", "format must be");
        }
    }

    @Test
    void aDeviceIdThatCannotNameAChannelClosesWith4400() {
        String token = token("device", List.of(), List.of("**"));
        try (WsClient mic = WsClient.connect(ingestUri("a*b", "token=" + token + "&rate=16000"), null)) {
            WsClient.Closed closed = mic.awaitClose(5);

            assertThat(closed.code()).isEqualTo(4400);
            assertThat(closed.reason()).contains("device id");
        }
    }

    @Test
    void aTokenThatMayNotPublishToTheDevicesChannelClosesWith4403() {
        String device = newDeviceId("other");
        String token = token("device", List.of("**"), List.of("volume/someone-else"));
        try (WsClient mic = WsClient.connect(ingestUri(device, "token=" + token + "&rate=16000"), null)) {
            WsClient.Closed closed = mic.awaitClose(5);

            assertThat(closed.code()).isEqualTo(4403);
            assertThat(closed.reason()).contains("volume/" + device);
        }
    }

    @Test
    void aMissingOrInvalidTokenIsRefusedAtTheHandshakeWith401() {
        assertThat(WsClient.handshakeStatus(ingestUri("cam", "rate=16000"), null))
                .isEqualTo(401);
        assertThat(WsClient.handshakeStatus(ingestUri("cam", "rate=16000&token=abc.def.ghi"), null))
                .isEqualTo(401);
    }

    @Test
    void aTextFrameClosesWith1003() {
        String device = newDeviceId("chatty");
        try (WsClient mic = ingest(device, "rate=16000")) {
            mic.send("{\"type\":\"hello\"}");

            WsClient.Closed closed = mic.awaitClose(5);
            assertThat(closed.code()).isEqualTo(1003);
            assertThat(closed.reason()).contains("binary");
        }
    }

    @Test
    void audioSentFarFasterThanRealTimeClosesWith4029() {
        String device = newDeviceId("flood");
        try (WsClient mic = ingest(device, "rate=8000")) {
            // 8 s of audio at once: more than the 5 s a device may send ahead
            for (int i = 0; i < 16; i++) {
                mic.sendBinary(Pcm.silence(4000));
            }

            WsClient.Closed closed = mic.awaitClose(5);
            assertThat(closed.code()).isEqualTo(4029);
        }
    }

    @Test
    void aBinaryFrameOf64MiBIsClosedWith1009WithoutTheServerReadingIt() throws Exception {
        String device = newDeviceId("huge");
        String token = token("device-" + device, List.of(), List.of("volume/" + device));
        long frame = 64L * 1024 * 1024;
        try (RawWebSocket mic = RawWebSocket.open(port, "/v1/ingest/" + device + "?token=" + token + "&rate=16000")) {
            CompletableFuture<Long> written = CompletableFuture.supplyAsync(
                    () -> mic.streamFrame(RawWebSocket.BINARY, frame, Duration.ofSeconds(30)));

            RawWebSocket.Frame closed = mic.awaitClose(Duration.ofSeconds(10));
            assertThat(closed.closeCode())
                    .as("close reason %s", closed.closeReason())
                    .isEqualTo(1009);
            // the server dropped the connection once the frame passed 64 KiB: what the device could still
            // write went into socket buffers, a few MiB at most, never the whole frame
            assertThat(written.get(30, TimeUnit.SECONDS))
                    .as("payload bytes written before the server hung up")
                    .isLessThan(frame / 4);
        }
    }

    @Test
    void anIngestStreamIsListedAsIngestCountedAndClosedByAnOperator() {
        String device = newDeviceId("listed-stream");
        String user = "device-" + device;
        try (WsClient mic = ingest(device, "rate=16000")) {
            mic.sendBinary(Pcm.sine(0.5, 1000, RATE, WINDOW));
            levels(device, 1);

            JsonNode listed =
                    api().get("/v1/api/connections?user=" + user).json().path("connections");
            assertThat(listed).hasSize(1);
            JsonNode stream = listed.get(0);
            assertThat(stream.path("kind").asString()).isEqualTo("ingest");
            assertThat(stream.path("uri").asString()).isEqualTo("/v1/ingest/" + device);
            assertThat(stream.path("messagesIn").asLong()).isEqualTo(1);
            assertThat(stream.path("bytesIn").asLong()).isEqualTo(2L * WINDOW);
            String id = stream.path("id").asString();
            JsonNode shown = api().get("/v1/api/connections/" + id).json();
            assertThat(shown.path("recent").get(0).path("kind").asString()).isEqualTo("binary");
            assertThat(prometheus("herald_connections_active{kind=\"ingest\"}")).isGreaterThanOrEqualTo(1);
            double adminClosesBefore = prometheus("herald_connections_closed_total{kind=\"ingest\",reason=\"admin\"}");

            assertThat(api().delete("/v1/api/connections/" + id + "?code=4100&reason=bye")
                            .status())
                    .isEqualTo(204);
            WsClient.Closed closed = mic.awaitClose(5);
            assertThat(closed.code()).isEqualTo(4100);
            assertThat(closed.reason()).isEqualTo("bye");
            awaitTrue(() -> prometheus("herald_connections_closed_total{kind=\"ingest\",reason=\"admin\"}")
                    >= adminClosesBefore + 1);
            awaitTrue(() -> api().get("/v1/api/connections?user=" + user)
                            .json()
                            .path("total")
                            .asInt()
                    == 0);
        }
    }

    /** A sample's value in the Prometheus scrape, by its name and labels as written there; 0 when absent. */
    private double prometheus(String series) {
        Api.Response scrape = api().get("/actuator/prometheus");
        return scrape.body()
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElse(0.0);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(5)).until(condition::getAsBoolean);
    }
}

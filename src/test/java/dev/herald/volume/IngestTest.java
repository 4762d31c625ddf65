package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.WsClient;
import java.util.Arrays;
import java.util.List;
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
        try (WsClient reader = volumeReader(device); WsClient mic = ingest(device, "rate=16000&format=s16le")) {
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
        try (WsClient reader = volumeReader(device); WsClient mic = ingest(device, "rate=8000")) {
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

                assertThat(nextStatusOf(status, device).path("state").asString()).isEqualTo("live");
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
    @ValueSource(strings = {"", "rate=", "rate=7999", "rate=48001", "rate=16k", "rate=16000&format=f32le",
            "rate=99999999999"})
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
        assertThat(WsClient.handshakeStatus(ingestUri("cam", "rate=16000"), null)).isEqualTo(401);
        assertThat(WsClient.handshakeStatus(ingestUri("cam", "rate=16000&token=abc.def.ghi"), null)).isEqualTo(401);
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
}

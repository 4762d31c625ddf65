package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.WsClient;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class DeviceLevelsApiTest extends VolumeTest {

    @Test
    void aPostedLevelIsAcceptedWith202AndPublishedToTheDevicesVolumeChannel() {
        String device = newDeviceId("cam");
        try (WsClient reader = volumeReader(device)) {
            Api.Response response = api().post(
                            "/v1/api/devices/" + device + "/levels",
                            "{\"rmsDb\": -23.1, \"peakDb\": -9.8, \"ts\": 1700000000000}");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
            JsonNode message = reader.next("message");
            assertThat(message.path("channel").asString()).isEqualTo("volume/" + device);
            JsonNode data = message.path("data");
            assertThat(data.path("deviceId").asString()).isEqualTo(device);
            assertThat(data.path("rmsDb").asDouble()).isEqualTo(-23.1);
            assertThat(data.path("peakDb").asDouble()).isEqualTo(-9.8);
            assertThat(data.path("ts").asLong()).isEqualTo(1700000000000L);
        }
    }

    @Test
    void anArrayOfLevelsIsPublishedInItsOrder() {
        String device = newDeviceId("gateway");
        String body = IntStream.range(0, 20)
                .mapToObj(i ->
                        "{\"rmsDb\": " + (-40 + i) + ", \"peakDb\": " + (-30 + i) + ", \"ts\": " + (1000 + i) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        Api.Response response = api().post("/v1/api/devices/" + device + "/levels", body);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(20);
        List<JsonNode> levels = levels(device, 20);
        for (int i = 0; i < 20; i++) {
            assertThat(levels.get(i).path("rmsDb").asDouble()).isEqualTo(-40 + i);
            assertThat(levels.get(i).path("ts").asLong()).isEqualTo(1000 + i);
        }
    }

    @Test
    void aLevelWithoutTsCarriesTheTimeTheServerAcceptedIt() {
        String device = newDeviceId("no-ts");
        long before = System.currentTimeMillis();
        try (WsClient reader = volumeReader(device)) {
            api().post("/v1/api/devices/" + device + "/levels", "{\"rmsDb\": -50, \"peakDb\": -40}");

            long ts = reader.next("message").path("data").path("ts").asLong();
            assertThat(ts).isBetween(before, System.currentTimeMillis());
        }
    }

    @Test
    void aDevicesFirstLevelAnnouncesItLiveOnDevicesStatus() {
        String device = newDeviceId("new");
        try (WsClient reader = connectReader("status-reader")) {
            reader.subscribe(Devices.STATUS_CHANNEL);

            api().post("/v1/api/devices/" + device + "/levels", "{\"rmsDb\": -30, \"peakDb\": -20}");

            JsonNode status = nextStatusOf(reader, device);
            assertThat(status.path("state").asString()).isEqualTo("live");
            assertThat(status.path("ts").asLong()).isPositive();
        }
    }

    @Test
    void theDeviceListShowsEveryDevicesSourceLastLevelAndLiveness() {
        String device = newDeviceId("listed");
        long before = System.currentTimeMillis();
        api().post(
                        "/v1/api/devices/" + device + "/levels",
                        "[{\"rmsDb\": -30, \"peakDb\": -20}," + "{\"rmsDb\": -120, \"peakDb\": -99.5}]");

        JsonNode devices = api().get("/v1/api/devices").json().path("devices");

        JsonNode listed = null;
        for (JsonNode entry : devices) {
            if (entry.path("deviceId").asString().equals(device)) {
                listed = entry;
            }
        }
        assertThat(listed).as("%s in %s", device, devices).isNotNull();
        assertThat(listed.path("source").asString()).isEqualTo("api");
        assertThat(listed.path("rmsDb").asDouble()).isEqualTo(-120.0);
        assertThat(listed.path("peakDb").asDouble()).isEqualTo(-99.5);
        assertThat(listed.path("lastSeen").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(listed.path("state").asString()).isEqualTo("live");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"peakDb\": -20}",
                "{\"rmsDb\": -30}",
                "{\"rmsDb\": 3, \"peakDb\": -20}",
                "{\"rmsDb\": -30, \"peakDb\": -121}",
                "{\"rmsDb\": \"loud\", \"peakDb\": -20}",
                "{\"rmsDb\": \"-10\", \"peakDb\": -3}",
                "{\"rmsDb\": -10, \"peakDb\": true}",
                "{\"rmsDb\": -10, \"peakDb\": -3, \"ts\": \"1700000000000\"}",
                "{\"rmsDb\": -10, \"peakDb\": -3, \"ts\": 1700000000000.5}",
                "{\"rmsDb\": -30, \"peakDb\": -20, \"ts\": -5}",
                "[]",
                "[{\"rmsDb\": -30, \"peakDb\": -20}, 7]",
                "[{\"rmsDb\": -30, \"peakDb\": -20}, {\"rmsDb\": -30}]",
                "\"-30\"",
                "null",
                "{\"rmsDb\": null, \"peakDb\": -20}",
                "{\"rmsDb\": -30, \"peakDb\": -20"
            })
    void aBadLevelIsRefusedWithProblemJsonAndNothingIsPublished(String body) throws InterruptedException {
        String device = newDeviceId("bad");
        try (WsClient reader = volumeReader(device)) {
            Api.Response response = api().post("/v1/api/devices/" + device + "/levels", body);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.problemCode()).isEqualTo("bad_request");
            assertThat(response.json().path("detail").asString()).isNotBlank();
            assertThat(reader.drain(200)).isEmpty();
        }
    }

    @Test
    void theBadLevelOfAnArrayIsNamedByItsIndex() {
        Api.Response response = api().post(
                        "/v1/api/devices/" + newDeviceId("indexed") + "/levels",
                        "[{\"rmsDb\": -30, \"peakDb\": -20}, {\"rmsDb\": -30, \"peakDb\": 6}]");

        assertThat(response.json().path("detail").asString()).startsWith("[1].peakDb:");
    }

    @Test
    void moreThanAThousandLevelsInOneRequestAreRefused() {
        String body = IntStream.range(0, DevicesController.MAX_LEVELS + 1)
                .mapToObj(i -> "{\"rmsDb\": -30, \"peakDb\": -20}")
                .collect(Collectors.joining(",", "[", "]"));

        assertThat(api().post("/v1/api/devices/" + newDeviceId("many") + "/levels", body)
                        .status())
                .isEqualTo(400);
    }

    static List<String> badDeviceIds() {
        return List.of("has%20space", "a*b", "x".repeat(101));
    }

    @ParameterizedTest
    @MethodSource("badDeviceIds")
    void aDeviceIdThatCannotNameAChannelIsRefused(String deviceId) {
        Api.Response response =
                api().post("/v1/api/devices/" + deviceId + "/levels", "{\"rmsDb\": -30, \"peakDb\": -20}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemCode()).isEqualTo("bad_request");
    }

    @Test
    void devicesEndpointsNeedAnApiKey() {
        Api stranger = api().withKey("not-a-key");

        assertThat(stranger.get("/v1/api/devices").status()).isEqualTo(401);
        assertThat(stranger.post("/v1/api/devices/cam-1/levels", "{\"rmsDb\": -30, \"peakDb\": -20}")
                        .status())
                .isEqualTo(401);
    }
}

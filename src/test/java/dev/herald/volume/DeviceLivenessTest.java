package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeviceLivenessTest extends VolumeTest {

    @Test
    void aDeviceThatStopsSendingIsAnnouncedStaleAndLiveAgainWhenLevelsResume() {
        String device = newDeviceId("flaky");
        String levels = "/v1/api/devices/" + device + "/levels";
        try (WsClient reader = connectReader("status-reader")) {
            reader.subscribe(Devices.STATUS_CHANNEL);

            long sent = System.currentTimeMillis();
            api().post(levels, "{\"rmsDb\": -30, \"peakDb\": -20}");
            assertThat(nextStatusOf(reader, device).path("state").asString()).isEqualTo("live");

            JsonNode stale = nextStatusOf(reader, device);
            assertThat(stale.path("state").asString()).isEqualTo("stale");
            assertThat(stale.path("ts").asLong() - sent).isGreaterThanOrEqualTo(STALE_AFTER_MILLIS);
            assertThat(stateInList(device)).isEqualTo("stale");

            api().post(levels, "{\"rmsDb\": -31, \"peakDb\": -21}");
            assertThat(nextStatusOf(reader, device).path("state").asString()).isEqualTo("live");
            assertThat(stateInList(device)).isEqualTo("live");
        }
    }

    @Test
    void aDeviceWithNoLevelForForgetAfterLeavesTheDeviceList() {
        String device = newDeviceId("gone");
        long sent = System.currentTimeMillis();
        api().post("/v1/api/devices/" + device + "/levels", "{\"rmsDb\": -30, \"peakDb\": -20}");
        assertThat(stateInList(device)).isEqualTo("live");

        await().atMost(Duration.ofMillis(FORGET_AFTER_MILLIS + 5000))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stateInList(device) == null);
        assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(FORGET_AFTER_MILLIS);
    }

    private String stateInList(String device) {
        for (JsonNode entry : api().get("/v1/api/devices").json().path("devices")) {
            if (entry.path("deviceId").asString().equals(device)) {
                return entry.path("state").asString();
            }
        }
        return null;
    }
}

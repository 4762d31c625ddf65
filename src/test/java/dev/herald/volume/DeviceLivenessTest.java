package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.WsClient;
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

    private String stateInList(String device) {
        for (JsonNode entry : api().get("/v1/api/devices").json().path("devices")) {
            if (entry.path("deviceId").asString().equals(device)) {
                return entry.path("state").asString();
            }
        }
        return null;
    }
}

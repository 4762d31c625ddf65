package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@TestPropertySource(properties = {"herald.volume.simulator.enabled=true", "herald.volume.simulator.devices=3"})
class SimulatorTest extends IntegrationTest {

    @Test
    void simulatedDevicesAreListedLiveWithSourceSimulator() {
        Set<String> live = new HashSet<>();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (JsonNode device : api().get("/v1/api/devices").json().path("devices")) {
                if (device.path("source").asString().equals("simulator")
                        && device.path("state").asString().equals("live")) {
                    live.add(device.path("deviceId").asString());
                }
            }
            assertThat(live).containsExactlyInAnyOrder("sim-1", "sim-2", "sim-3");
        });
    }

    @Test
    void aSimulatedDevicePublishesChangingLevelsAboutTwentyTimesASecond() {
        List<JsonNode> levels = new ArrayList<>();
        try (WsClient reader = connectReader("meter-wall")) {
            reader.subscribe("volume/sim-1");
            while (levels.size() < 40) {
                levels.add(reader.next("message").path("data"));
            }
        }

        Set<Double> distinct = new HashSet<>();
        for (JsonNode level : levels) {
            double rms = level.path("rmsDb").asDouble();
            double peak = level.path("peakDb").asDouble();
            assertThat(rms).isBetween(-120.0, 0.0);
            assertThat(peak).isBetween(rms, 0.0);
            distinct.add(rms);
        }
        assertThat(distinct).as("distinct RMS values of 40 levels").hasSizeGreaterThan(10);
        // levels carry the time their window was metered: 50 ms apart on average, however the reader lags
        double spacing =
                (levels.get(39).path("ts").asLong() - levels.get(0).path("ts").asLong()) / 39.0;
        assertThat(spacing).isBetween(25.0, 150.0);
    }
}

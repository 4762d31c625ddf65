package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Base of the volume tests over real sockets: one application, with a short stale-after and forget-after. */
@TestPropertySource(
        properties = {
            "herald.volume.stale-after=" + VolumeTest.STALE_AFTER_MILLIS + "ms",
            "herald.volume.forget-after=" + VolumeTest.FORGET_AFTER_MILLIS + "ms"
        })
abstract class VolumeTest extends IntegrationTest {

    static final long STALE_AFTER_MILLIS = 500;
    /** Long enough for every test to read the list of a device it just fed, on a busy machine. */
    static final long FORGET_AFTER_MILLIS = 3000;

    private static final AtomicInteger DEVICES = new AtomicInteger();

    /** A device id no other test uses. */
    static String newDeviceId(String name) {
        return name + "-" + DEVICES.incrementAndGet();
    }

    /** A reader subscribed to the device's volume channel. */
    WsClient volumeReader(String deviceId) {
        WsClient reader = connectReader("volume-reader");
        reader.subscribe("volume/" + deviceId);
        return reader;
    }

    URI ingestUri(String deviceId, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/ingest/" + deviceId + "?" + query);
    }

    /** An ingest connection of a device whose token may publish to its own volume channel. */
    WsClient ingest(String deviceId, String query) {
        String token = token("device-" + deviceId, List.of(), List.of("volume/" + deviceId));
        return WsClient.connect(ingestUri(deviceId, "token=" + token + "&" + query), null);
    }

    /**
     * The first {@code count} levels published for a device, from the history, waiting up to 5 s for them.
     * Readers of a volume channel may skip levels (it is conflated), the history has every one.
     */
    List<JsonNode> levels(String deviceId, int count) {
        List<JsonNode> data = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    data.clear();
                    api().get("/v1/api/history?channel=volume/" + deviceId)
                            .json()
                            .path("messages")
                            .forEach(message -> data.add(message.path("data")));
                    assertThat(data).as("levels of %s", deviceId).hasSizeGreaterThanOrEqualTo(count);
                });
        return data.subList(0, count);
    }

    /** The next message on devices/status about {@code deviceId}, skipping other devices'. */
    static JsonNode nextStatusOf(WsClient reader, String deviceId) {
        while (true) {
            JsonNode data = reader.next("message").path("data");
            if (deviceId.equals(data.path("deviceId").asString())) {
                return data;
            }
        }
    }
}

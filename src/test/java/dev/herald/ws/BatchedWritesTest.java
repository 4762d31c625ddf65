package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Names;
import dev.herald.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Frames leave in gathering writes of many frames when a subscriber's backlog grows. The send buffer is
 * large here so that a reader that pauses long enough to fill the kernel's buffers (several MB on
 * loopback) builds a backlog in Herald's queue instead of being cut.
 */
@TestPropertySource(properties = {"herald.limits.send-buffer-size=64MB", "herald.limits.send-time=60s"})
class BatchedWritesTest extends IntegrationTest {

    /** About 14 MB in all: more than the kernel holds for a paused reader, so most of it leaves in batches. */
    private static final int ROUNDS = 60;

    /**
     * A subscriber that reads late gets its backlog in gathering writes of many frames, each with a header
     * Herald wrote: every length form (7-bit, 16-bit and 64-bit) must come through intact, in order, with the
     * container's Pongs to the client's Pings written between batches, never inside one.
     */
    @Test
    void framesOfEveryLengthArriveIntactAndInOrderWhenTheyLeaveInBatches() {
        String channel = Names.unique("batches");
        List<Integer> sizes = List.of(1, 100, 117, 118, 200, 5_000, 65_440, 3, 30_000, 65_440, 10);
        WsClient reader = connectReader(Names.unique("batch-reader"));
        try {
            reader.subscribe(channel);
            reader.pauseReading();
            for (int round = 0; round < ROUNDS; round++) {
                for (int size : sizes) {
                    api().publish(channel, Map.of("s", "x".repeat(size), "round", round));
                }
            }
            reader.resumeReading();
            boolean sawLongestLengthForm = false;
            for (int round = 0; round < ROUNDS; round++) {
                for (int size : sizes) {
                    if (size == 3) {
                        reader.sendPing();
                    }
                    JsonNode message = reader.next("message");
                    assertThat(message.get("data").get("round").asInt()).isEqualTo(round);
                    assertThat(message.get("data").get("s").asString()).hasSize(size);
                    sawLongestLengthForm |= message.toString().length() > 65_535;
                }
            }
            assertThat(sawLongestLengthForm)
                    .as("a frame needed the 64-bit length")
                    .isTrue();
            assertThat(reader.isClosed()).isFalse();
        } finally {
            reader.close();
        }
    }
}

package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Conflated channels ({@code volume/**} by default) with the default 1 MiB send buffer: the same load that
 * gets a stream subscriber cut (SlowConsumerTest) leaves a conflated one connected, with the newest values.
 */
class ConflationTest extends IntegrationTest {

    /** About 48 KiB of data per message, within the 64 KiB publish limit. */
    private static final String PAD = "x".repeat(48 * 1024);
    /** About 14 MiB: many times the send buffer and the loopback socket buffers. */
    private static final int MESSAGES = 300;

    @Test
    void aSubscriberThatFallsBehindOnAConflatedChannelIsNeverCutAndEndsWithTheNewestMessage()
            throws InterruptedException {
        LifecycleProbe probe = new LifecycleProbe(api());
        String channel = "volume/" + unique("conflation");
        double conflatedBefore = probe.counter("herald_messages_conflated_total", "");
        double slowCutsBefore = probe.counter("herald_connections_closed_total", "reason=\"slow_consumer\"");

        try (WsClient healthy = connectReader("healthy-reader");
                WsClient slow = connect(token("slow-reader", List.of("**"), List.of()))) {
            String slowId = slow.next("welcome").path("connectionId").asString();
            healthy.subscribe(channel);
            slow.subscribe(channel);
            slow.pauseReading();

            long lastOffset = 0;
            for (int i = 0; i < MESSAGES; i++) {
                lastOffset = api().publish(channel, Map.of("seq", i, "pad", PAD))
                        .path("offset")
                        .asLong();
            }
            assertThat(probe.closingOnServer(slowId))
                    .as("the paused subscriber is still open")
                    .isFalse();

            slow.resumeReading();
            int slowReceived = readUntil(slow, lastOffset);
            int healthyReceived = readUntil(healthy, lastOffset);

            assertThat(slowReceived)
                    .as("messages the paused subscriber got of %d", MESSAGES)
                    .isLessThan(MESSAGES);
            assertThat(slow.isClosed()).isFalse();
            assertThat(healthy.isClosed()).isFalse();
            // every message was either written or replaced by a newer one, and each replacement was counted
            assertThat(probe.counter("herald_messages_conflated_total", "") - conflatedBefore)
                    .isEqualTo((MESSAGES - slowReceived) + (MESSAGES - healthyReceived));
        }
        assertThat(probe.counter("herald_connections_closed_total", "reason=\"slow_consumer\""))
                .isEqualTo(slowCutsBefore);
    }

    @Test
    void aSubscriberThatKeepsUpOnAConflatedChannelGetsEveryMessage() {
        String channel = "volume/keeping-up";
        try (WsClient reader = connectReader("steady-reader")) {
            reader.subscribe(channel);
            for (int i = 0; i < 20; i++) {
                long offset =
                        api().publish(channel, Map.of("seq", i)).path("offset").asLong();
                JsonNode message = reader.next("message");
                assertThat(message.path("offset").asLong()).isEqualTo(offset);
                assertThat(message.path("data").path("seq").asInt()).isEqualTo(i);
            }
        }
    }

    /** Reads messages in rising offsets until {@code lastOffset}; returns how many came. */
    private static int readUntil(WsClient client, long lastOffset) {
        int received = 0;
        long offset = 0;
        while (offset < lastOffset) {
            JsonNode message = client.next("message");
            assertThat(message.path("offset").asLong()).isGreaterThan(offset);
            offset = message.path("offset").asLong();
            received++;
        }
        assertThat(offset).isEqualTo(lastOffset);
        return received;
    }
}

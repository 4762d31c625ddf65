package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The send-buffer rule on its own: a send time far longer than the test, so only an overflowing outbound
 * queue can close the slow subscriber here. The buffer (512 KiB) is smaller than the default to keep the
 * test short, yet ten of its messages, so a subscriber that reads is never cut for a moment's lag.
 */
@TestPropertySource(properties = {"herald.limits.send-buffer-size=512KB", "herald.limits.send-time=60s"})
class SlowConsumerTest extends IntegrationTest {

    /** About 48 KiB of data per message, within the 64 KiB publish limit. */
    private static final String PAD = "x".repeat(48 * 1024);
    /**
     * About 19 MiB: far more than the loopback socket buffers (a few MiB here) plus the 512 KiB queue, and
     * no more.
     */
    private static final int MAX_MESSAGES = 400;
    /** Messages published after the cut, which the healthy subscriber must get as well. */
    private static final int AFTER_CUT = 5;

    @Test
    void aSubscriberThatStopsReadingIsClosedWith4008WhileAHealthyOneGetsEveryMessageInOrderAndPublishersNeverWait()
            throws InterruptedException {
        LifecycleProbe probe = new LifecycleProbe(api());
        String channel = unique("slow-consumer");
        double closedBefore = probe.counter("herald_connections_closed_total", "reason=\"slow_consumer\"");
        double droppedBefore = probe.counter("herald_messages_dropped_total", "reason=\"slow_consumer\"");

        try (WsClient healthy = connectReader("healthy-reader");
                WsClient slow = connect(token("slow-reader", List.of("**"), List.of()))) {
            String slowId = slow.next("welcome").path("connectionId").asString();
            healthy.subscribe(channel);
            slow.subscribe(channel);
            slow.pauseReading();

            List<JsonNode> published = new ArrayList<>();
            long slowestPublishNanos = 0;
            boolean cut = false;
            int afterCut = 0;
            for (int i = 0; i < MAX_MESSAGES && afterCut < AFTER_CUT; i++) {
                long start = System.nanoTime();
                published.add(api().publish(channel, Map.of("seq", i, "pad", PAD)));
                slowestPublishNanos = Math.max(slowestPublishNanos, System.nanoTime() - start);
                if (cut) {
                    afterCut++;
                } else if (i % 4 == 3) {
                    cut = probe.closingOnServer(slowId);
                }
            }
            assertThat(cut)
                    .as("the paused subscriber was cut within %d messages of 48 KiB", MAX_MESSAGES)
                    .isTrue();

            // The close frame waits behind the frame the server was writing when it gave up; it arrives
            // once the client reads again.
            slow.resumeReading();
            WsClient.Closed closed = slow.awaitClose(10);
            assertThat(closed.code())
                    .as("the close the slow client saw: %s", closed)
                    .isEqualTo(4008);
            assertThat(closed.reason()).isEqualTo("slow consumer");

            for (JsonNode answer : published) {
                JsonNode message = healthy.next("message");
                assertThat(message.path("offset").asLong())
                        .isEqualTo(answer.path("offset").asLong());
                assertThat(message.path("id").asString())
                        .isEqualTo(answer.path("id").asString());
            }
            assertThat(healthy.drain(50)).isEmpty();
            assertThat(healthy.isClosed()).isFalse();
            assertThat(Duration.ofNanos(slowestPublishNanos))
                    .as("the slowest of %d REST publishes", published.size())
                    .isLessThan(Duration.ofSeconds(2));
        }
        assertThat(probe.awaitCounter(
                        "herald_connections_closed_total", "reason=\"slow_consumer\"", closedBefore + 1, 2000))
                .isEqualTo(closedBefore + 1);
        assertThat(probe.counter("herald_messages_dropped_total", "reason=\"slow_consumer\""))
                .isGreaterThan(droppedBefore);
    }

    @Test
    void aSubscriberThatResumesReadingSeveralSecondsAfterItsCutStillGets4008() throws Exception {
        LifecycleProbe probe = new LifecycleProbe(api());
        String channel = "slow-resume/" + UUID.randomUUID();
        // a small receive buffer, so that the server's writes stall soon, as on a slow mobile link
        try (RawWebSocket slow = RawWebSocket.open(
                port, "/v1/ws?token=" + token("paused-reader", List.of("**"), List.of()), 16 * 1024)) {
            String id = Api.JSON
                    .readTree(slow.read(Duration.ofSeconds(5)).text())
                    .path("connectionId")
                    .asString();
            slow.sendText(Requests.subscribe(channel, "s"));
            assertThat(slow.read(Duration.ofSeconds(5)).text()).contains("\"subscribed\"");

            // the client stops reading: nothing is read from its socket from here on
            boolean cut = false;
            for (int i = 0; i < MAX_MESSAGES && !cut; i++) {
                api().publish(channel, Map.of("seq", i, "pad", PAD));
                cut = i % 4 == 3 && probe.closingOnServer(id);
            }
            assertThat(cut || probe.awaitClosingOnServer(id, 5000))
                    .as("the paused reader was cut")
                    .isTrue();
            // longer than a container's usual wait for a close frame (2 s), well within send-time (60 s here)
            Thread.sleep(3000);

            RawWebSocket.Frame closed = slow.awaitClose(Duration.ofSeconds(20));
            assertThat(closed.closeCode())
                    .as("the close the resumed reader saw")
                    .isEqualTo(4008);
            assertThat(closed.closeReason()).isEqualTo("slow consumer");
        }
    }
}

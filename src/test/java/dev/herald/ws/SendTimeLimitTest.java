package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The send-time rule on its own: an outbound buffer far larger than anything the test queues, so only a
 * write that stays stuck longer than the send time can close the subscriber here.
 */
@TestPropertySource(properties = {"herald.limits.send-time=500ms", "herald.limits.send-buffer-size=64MB"})
class SendTimeLimitTest extends IntegrationTest {

    private static final String PAD = "x".repeat(48 * 1024);
    /** About 19 MiB: enough to fill the loopback socket buffers, well under the 64 MiB queue limit. */
    private static final int MAX_MESSAGES = 400;

    @Test
    void aSubscriberWhoseSocketStaysFullLongerThanTheSendTimeIsClosedWith4008() throws InterruptedException {
        LifecycleProbe probe = new LifecycleProbe(api());
        String channel = unique("send-time");
        try (WsClient stuck = connect(token("stuck-reader", List.of("**"), List.of()))) {
            String id = stuck.next("welcome").path("connectionId").asString();
            stuck.subscribe(channel);
            stuck.pauseReading();

            boolean cut = false;
            for (int i = 0; i < MAX_MESSAGES && !cut; i++) {
                api().publish(channel, Map.of("seq", i, "pad", PAD));
                if (i % 8 == 7) {
                    cut = probe.closingOnServer(id);
                }
            }
            assertThat(cut || probe.awaitClosingOnServer(id, 5000))
                    .as("the server gave up on the stuck write")
                    .isTrue();

            stuck.resumeReading();
            WsClient.Closed closed = stuck.awaitClose(10);
            assertThat(closed.code())
                    .as("the close the stuck client saw: %s", closed)
                    .isEqualTo(4008);
            assertThat(closed.reason()).isEqualTo("slow consumer");
        }
    }

    @Test
    void aSubscriberThatNeverReadsAgainIsAbortedOnceItsCloseFrameWaitedTheSendTime() throws Exception {
        LifecycleProbe probe = new LifecycleProbe(api());
        String channel = "send-time-abort/" + UUID.randomUUID();
        try (RawWebSocket stuck =
                RawWebSocket.open(port, "/v1/ws?token=" + token("gone-reader", List.of("**"), List.of()), 16 * 1024)) {
            String id = Api.JSON
                    .readTree(stuck.read(Duration.ofSeconds(5)).text())
                    .path("connectionId")
                    .asString();
            stuck.sendText(Requests.subscribe(channel, "s"));
            assertThat(stuck.read(Duration.ofSeconds(5)).text()).contains("\"subscribed\"");

            boolean cut = false;
            for (int i = 0; i < MAX_MESSAGES && !cut; i++) {
                api().publish(channel, Map.of("seq", i, "pad", PAD));
                cut = i % 8 == 7 && probe.closingOnServer(id);
            }
            assertThat(cut || probe.awaitClosingOnServer(id, 5000))
                    .as("the server gave up on the stuck write")
                    .isTrue();

            // the close frame cannot be written to a peer that reads nothing: after the send time the server
            // drops the connection instead of holding it (and a closer thread) for good
            assertThat(probe.awaitGone(id, 10_000))
                    .as("the server forgot the connection")
                    .isTrue();
        }
    }
}

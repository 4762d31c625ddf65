package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * On the event loops, messages for a connection written to less than {@code herald.transport.write-window} ago
 * wait for the window's end and leave together; none is lost or reordered, and replies do not wait.
 */
@TestPropertySource(properties = {"herald.transport.event-loop=true", "herald.transport.write-window=1s"})
class WriteWindowTest extends IntegrationTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    void messagesPublishedWithinTheWindowAfterAWriteWaitForItsEndAndArriveInOrder() {
        try (WsClient reader = connect(token("window-reader", List.of("window/**"), List.of()))) {
            reader.next("welcome");
            reader.subscribe("window/burst");
            long start = System.nanoTime();
            api().publish("window/burst", Map.of("n", 0));
            assertThat(reader.next("message").path("data").path("n").asInt()).isZero();

            for (int n = 1; n <= 5; n++) {
                api().publish("window/burst", Map.of("n", n));
            }
            List<Integer> rest = new ArrayList<>();
            rest.add(reader.next("message").path("data").path("n").asInt());
            long secondAfter = System.nanoTime() - start;
            for (int n = 2; n <= 5; n++) {
                rest.add(reader.next("message").path("data").path("n").asInt());
            }

            assertThat(rest).containsExactly(1, 2, 3, 4, 5);
            // the first message's write started after `start`, and the next may not leave within the window after it
            assertThat(Duration.ofNanos(secondAfter)).isGreaterThanOrEqualTo(WINDOW.minusMillis(2));
        }
    }

    @Test
    void aReplyToTheClientsCommandDoesNotWaitForTheWindow() {
        try (WsClient reader = connect(token("window-replies", List.of("window/**"), List.of()))) {
            reader.next("welcome");
            reader.subscribe("window/a");
            long start = System.nanoTime();
            reader.subscribe("window/b");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WINDOW);
        }
    }
}

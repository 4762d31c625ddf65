package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectError;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.publish;
import static dev.herald.ws.Requests.subscribe;
import static dev.herald.ws.Requests.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;

/**
 * {@code herald.limits.max-message-size} (here 1 KiB, below the 64 KiB frame limit so that a frame can
 * carry too much data) and {@code herald.limits.max-subscriptions} (here 3) over the socket.
 */
class ConfiguredLimitsTest extends ConfiguredServerTest {

    /** A JSON string value whose JSON text is {@code bytes} long. */
    private static String dataOfSize(int bytes) {
        return "d".repeat(bytes - 2);
    }

    @Test
    void aPublishWhoseDataIsOverTheMessageSizeIsTooLargeAndPublishesNothing() {
        String channel = unique("limits/data");
        try (WsClient reader = connectReader("reader");
                WsClient client = connectPublisher("writer", "limits/**")) {
            reader.subscribe(channel);

            client.send(publish(channel, dataOfSize(MAX_MESSAGE_BYTES + 1), "big"));
            expectError(client, "too_large", "big");
            expectOnlyPong(client);
            expectOnlyPong(reader);
        }
    }

    @Test
    void aPublishWhoseDataIsExactlyTheMessageSizeIsPublished() {
        String channel = unique("limits/data");
        try (WsClient reader = connectReader("reader");
                WsClient client = connectPublisher("writer", "limits/**")) {
            reader.subscribe(channel);

            client.send(publish(channel, dataOfSize(MAX_MESSAGE_BYTES), "fits"));
            assertThat(client.next("published").path("id").asString()).isEqualTo("fits");
            assertThat(reader.next("message").path("data").asString()).hasSize(MAX_MESSAGE_BYTES - 2);
        }
    }

    @Test
    void oneSubscriptionMoreThanTheLimitIsABadRequest() {
        try (WsClient client = connectReader("collector")) {
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                client.subscribe(unique("limits/sub"));
            }
            client.send(subscribe(unique("limits/sub"), "one-too-many"));
            expectError(client, "bad_request", "one-too-many");
            expectOnlyPong(client);
        }
    }

    @Test
    void anUnsubscribeMakesRoomForAnotherSubscription() {
        String first = unique("limits/sub");
        try (WsClient client = connectReader("swapper")) {
            client.subscribe(first);
            for (int i = 1; i < MAX_SUBSCRIPTIONS; i++) {
                client.subscribe(unique("limits/sub"));
            }
            client.send(unsubscribe(first, "u"));
            client.next("unsubscribed");

            String replacement = unique("limits/sub");
            client.send(subscribe(replacement, "again"));
            assertThat(client.next("subscribed").path("channel").asString()).isEqualTo(replacement);
        }
    }

    @Test
    void theSubscriptionLimitCountsPerConnection() {
        try (WsClient full = connectReader("full");
                WsClient other = connectReader("other")) {
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                full.subscribe(unique("limits/sub"));
            }
            other.send(subscribe(unique("limits/sub"), "mine"));
            assertThat(other.next("subscribed").path("id").asString()).isEqualTo("mine");
        }
    }
}

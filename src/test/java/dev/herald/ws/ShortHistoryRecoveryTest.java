package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.RecoveryTest.expectMessages;
import static dev.herald.ws.RecoveryTest.publishMessages;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.subscribeSince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Recovery when the gap is older than the history retains ({@code herald.history.size} here 3). */
class ShortHistoryRecoveryTest extends ConfiguredServerTest {

    @Test
    void aSinceOlderThanTheRetainedHistoryIsNotRecoveredButReplaysWhatIsRetained() {
        String channel = unique("history/short");
        String epoch = publishMessages(api(), channel, 5);
        try (WsClient client = connectReader("late")) {
            client.send(subscribeSince(channel, 1, epoch, "h1"));
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(5);

            expectMessages(client, 3, 4, 5);
            api().publish(channel, "m6");
            expectMessages(client, 6);
            expectOnlyPong(client);
        }
    }

    @Test
    void aSinceJustBeforeTheOldestRetainedMessageIsRecovered() {
        String channel = unique("history/edge");
        String epoch = publishMessages(api(), channel, 5);
        try (WsClient client = connectReader("just-in-time")) {
            client.send(subscribeSince(channel, 2, epoch, "h2"));
            assertThat(client.next("subscribed").path("recovered").asBoolean()).isTrue();
            expectMessages(client, 3, 4, 5);
            expectOnlyPong(client);
        }
    }
}

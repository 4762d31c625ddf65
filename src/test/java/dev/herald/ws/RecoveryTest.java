package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.subscribeSince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Subscribing with {@code since}: what a reconnecting client is replayed, and what {@code recovered} says. */
class RecoveryTest extends IntegrationTest {

    /** Publishes {@code count} messages over REST and returns the channel's epoch. */
    static String publishMessages(Api api, String channel, int count) {
        String epoch = null;
        for (int i = 1; i <= count; i++) {
            epoch = api.publish(channel, "m" + i).path("epoch").asString();
        }
        return epoch;
    }

    static void expectMessages(WsClient client, long... offsets) {
        for (long offset : offsets) {
            JsonNode message = client.next("message");
            assertThat(message.path("offset").asLong()).isEqualTo(offset);
            assertThat(message.path("data").asString()).isEqualTo("m" + offset);
        }
    }

    @Test
    void aSubscribeWithSinceReplaysExactlyTheMissedMessagesInOrderBeforeLiveOnes() {
        String channel = unique("recovery/gap");
        String epoch = publishMessages(api(), channel, 5);
        try (WsClient client = connectReader("reconnecting")) {
            client.send(subscribeSince(channel, 2, epoch, "r1"));
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(5);
            assertThat(subscribed.path("epoch").asString()).isEqualTo(epoch);
            assertThat(subscribed.path("id").asString()).isEqualTo("r1");

            expectMessages(client, 3, 4, 5);
            api().publish(channel, "m6");
            expectMessages(client, 6);
            expectOnlyPong(client);
        }
    }

    @Test
    void aSinceFromAnotherEpochIsNotRecoveredAndReplaysNothing() {
        String channel = unique("recovery/epoch");
        String epoch = publishMessages(api(), channel, 5);
        try (WsClient client = connectReader("time-traveller")) {
            client.send(subscribeSince(channel, 2, epoch + "x", "r2"));
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(5);
            assertThat(subscribed.path("epoch").asString()).isEqualTo(epoch);
            expectOnlyPong(client);

            api().publish(channel, "m6");
            expectMessages(client, 6);
        }
    }

    @Test
    void aSinceAtTheCurrentOffsetIsRecoveredWithNothingToReplay() {
        String channel = unique("recovery/current");
        String epoch = publishMessages(api(), channel, 5);
        try (WsClient client = connectReader("up-to-date")) {
            client.send(subscribeSince(channel, 5, epoch, "r3"));
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(5);
            expectOnlyPong(client);

            api().publish(channel, "m6");
            expectMessages(client, 6);
        }
    }

    @Test
    void aSinceOfZeroReplaysTheWholeRetainedHistory() {
        String channel = unique("recovery/zero");
        String epoch = publishMessages(api(), channel, 3);
        try (WsClient client = connectReader("newcomer")) {
            client.send(subscribeSince(channel, 0, epoch, "r4"));
            assertThat(client.next("subscribed").path("recovered").asBoolean()).isTrue();
            expectMessages(client, 1, 2, 3);
            expectOnlyPong(client);
        }
    }

    @Test
    void aSubscriberWithSinceWhilePublishingGoesOnSeesEveryOffsetOnceInOrder() throws Exception {
        String channel = unique("recovery/race");
        int total = 300;
        String epoch = publishMessages(api(), channel, 10);
        CountDownLatch underWay = new CountDownLatch(1);
        try (WsClient client = connectReader("racer")) {
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                Api api = api();
                for (int i = 11; i <= total; i++) {
                    api.publish(channel, "m" + i);
                    if (i == 20) {
                        underWay.countDown();
                    }
                }
            });
            assertThat(underWay.await(10, TimeUnit.SECONDS)).isTrue();
            client.send(subscribeSince(channel, 5, epoch, "race"));
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean())
                    .as("history of 100 covers the gap")
                    .isTrue();

            List<Long> offsets = new ArrayList<>();
            while (offsets.isEmpty() || offsets.get(offsets.size() - 1) < total) {
                JsonNode message = client.next("message");
                offsets.add(message.path("offset").asLong());
                assertThat(message.path("data").asString())
                        .isEqualTo("m" + message.path("offset").asLong());
            }
            publishing.get(10, TimeUnit.SECONDS);

            List<Long> expected = new ArrayList<>();
            for (long offset = 6; offset <= total; offset++) {
                expected.add(offset);
            }
            assertThat(offsets).containsExactlyElementsOf(expected);
            expectOnlyPong(client);
        }
    }

    @Test
    void replayedMessagesAreCountedAsReplaysAndNotTimedAsDeliveryLatency() throws InterruptedException {
        LifecycleProbe probe = new LifecycleProbe(api());
        String channel = unique("recovery/latency");
        String epoch = publishMessages(api(), channel, 4);
        // the subscriber was away this long: a replay must not show it as a delivery taking that long
        Thread.sleep(300);
        double timedBefore = probe.counter("herald_delivery_latency_seconds_count", "");
        double replayedBefore = probe.counter("herald_messages_replayed_total", "");
        double deliveredBefore = probe.counter("herald_messages_delivered_total", "");
        try (WsClient client = connectReader("latency-recovering")) {
            client.send(subscribeSince(channel, 1, epoch, "r"));
            client.next("subscribed");
            expectMessages(client, 2, 3, 4);

            assertThat(probe.awaitCounter("herald_messages_replayed_total", "", replayedBefore + 3, 5000))
                    .isEqualTo(replayedBefore + 3);
            assertThat(probe.counter("herald_delivery_latency_seconds_count", ""))
                    .isEqualTo(timedBefore);
            assertThat(probe.counter("herald_messages_delivered_total", "")).isEqualTo(deliveredBefore + 3);

            api().publish(channel, "m5");
            expectMessages(client, 5);
            assertThat(probe.awaitCounter("herald_delivery_latency_seconds_count", "", timedBefore + 1, 5000))
                    .isEqualTo(timedBefore + 1);
        }
    }
}

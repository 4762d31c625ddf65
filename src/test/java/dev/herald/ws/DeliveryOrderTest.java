package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeliveryOrderTest extends IntegrationTest {

    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 100;
    private static final int SUBSCRIBERS = 3;

    @Test
    void everySubscriberSeesConcurrentRestPublishesOnceEachInOffsetOrderWithoutGaps() throws Exception {
        String channel = unique("order");
        List<WsClient> subscribers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            for (int s = 0; s < SUBSCRIBERS; s++) {
                WsClient subscriber = connectReader("order-reader-" + s);
                subscribers.add(subscriber);
                assertThat(subscriber.subscribe(channel).path("offset").asLong())
                        .isZero();
            }

            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<JsonNode>>> runs = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                runs.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<JsonNode> answers = new ArrayList<>();
                    for (int seq = 0; seq < PER_PUBLISHER; seq++) {
                        answers.add(api().publish(channel, Map.of("publisher", publisher, "seq", seq)));
                    }
                    return answers;
                }));
            }
            start.countDown();
            Map<Long, String> idByOffset = new HashMap<>();
            for (Future<List<JsonNode>> run : runs) {
                for (JsonNode answer : run.get(60, TimeUnit.SECONDS)) {
                    idByOffset.put(
                            answer.path("offset").asLong(), answer.path("id").asString());
                }
            }
            int total = PUBLISHERS * PER_PUBLISHER;
            assertThat(idByOffset)
                    .as("every publish got its own offset, 1 to %d", total)
                    .hasSize(total);
            assertThat(idByOffset.keySet()).allMatch(offset -> offset >= 1 && offset <= total);

            for (WsClient subscriber : subscribers) {
                int[] lastSeqOf = new int[PUBLISHERS];
                Arrays.fill(lastSeqOf, -1);
                for (long expected = 1; expected <= total; expected++) {
                    JsonNode message = subscriber.next("message");
                    assertThat(message.path("offset").asLong())
                            .as("offset after %d", expected - 1)
                            .isEqualTo(expected);
                    assertThat(message.path("id").asString()).isEqualTo(idByOffset.get(expected));
                    int publisher = message.path("data").path("publisher").asInt();
                    int seq = message.path("data").path("seq").asInt();
                    assertThat(seq)
                            .as("publisher %d's messages keep its order", publisher)
                            .isEqualTo(lastSeqOf[publisher] + 1);
                    lastSeqOf[publisher] = seq;
                }
                assertThat(subscriber.drain(50))
                        .as("nothing after the last message")
                        .isEmpty();
            }
        } finally {
            pool.shutdownNow();
            subscribers.forEach(WsClient::close);
        }
    }
}

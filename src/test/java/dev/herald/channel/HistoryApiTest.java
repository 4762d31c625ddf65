package dev.herald.channel;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class HistoryApiTest extends IntegrationTest {

    private static final AtomicInteger CHANNELS = new AtomicInteger();

    @Test
    void historyHoldsTheMessagesAfterSinceOldestFirstWithEveryMessageField() {
        String channel = channel();
        JsonNode[] published = publish(channel, 5);

        JsonNode page = history("channel=" + channel + "&since=2");

        assertThat(page.path("channel").asString()).isEqualTo(channel);
        assertThat(page.path("epoch").asString())
                .isEqualTo(published[0].path("epoch").asString());
        assertThat(page.path("offset").asLong()).isEqualTo(5);
        assertThat(offsets(page)).containsExactly(3L, 4L, 5L);
        JsonNode third = page.path("messages").get(0);
        assertThat(third.path("channel").asString()).isEqualTo(channel);
        assertThat(third.path("id").asString())
                .isEqualTo(published[2].path("id").asString());
        assertThat(third.path("ts").asLong()).isEqualTo(published[2].path("ts").asLong());
        assertThat(third.path("data").path("n").asInt()).isEqualTo(3);
        assertThat(third.has("epoch"))
                .as("a message carries no epoch of its own")
                .isFalse();
    }

    @Test
    void sinceDefaultsToZeroSoEveryRetainedMessageComes() {
        String channel = channel();
        publish(channel, 3);

        assertThat(offsets(history("channel=" + channel))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void limitCapsThePageFromTheOldestSide() {
        String channel = channel();
        publish(channel, 6);

        JsonNode page = history("channel=" + channel + "&since=1&limit=2");

        assertThat(offsets(page)).containsExactly(2L, 3L);
        assertThat(page.path("offset").asLong())
                .as("the channel's latest offset, not the page's")
                .isEqualTo(6);
    }

    @Test
    void pagingWithTheLastOffsetReceivedWalksThroughTheHistory() {
        String channel = channel();
        publish(channel, 5);

        JsonNode first = history("channel=" + channel + "&limit=2");
        JsonNode second = history("channel=" + channel + "&limit=2&since=" + last(first));
        JsonNode third = history("channel=" + channel + "&limit=2&since=" + last(second));
        JsonNode done = history("channel=" + channel + "&limit=2&since=" + last(third));

        assertThat(offsets(first)).containsExactly(1L, 2L);
        assertThat(offsets(second)).containsExactly(3L, 4L);
        assertThat(offsets(third)).containsExactly(5L);
        assertThat(offsets(done)).isEmpty();
    }

    @Test
    void limitDefaultsTo100() throws Exception {
        String channel = channel();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                answers.add(pool.submit(() -> api().publish(channel, "x")));
            }
            for (Future<JsonNode> answer : answers) {
                answer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode page = history("channel=" + channel);

        assertThat(page.path("messages").size()).isEqualTo(100);
        assertThat(page.path("offset").asLong()).isEqualTo(101);
        assertThat(offsets(page).get(99)).isEqualTo(101L);
    }

    @Test
    void limitsOf1And1000AreAccepted() {
        String channel = channel();
        publish(channel, 2);

        assertThat(offsets(history("channel=" + channel + "&limit=1"))).containsExactly(1L);
        assertThat(offsets(history("channel=" + channel + "&limit=1000"))).containsExactly(1L, 2L);
    }

    @Test
    void sinceAtOrBeyondTheLatestOffsetGivesNoMessages() {
        String channel = channel();
        publish(channel, 2);

        assertThat(offsets(history("channel=" + channel + "&since=2"))).isEmpty();
        assertThat(offsets(history("channel=" + channel + "&since=99"))).isEmpty();
        assertThat(offsets(history("channel=" + channel + "&since=" + Long.MAX_VALUE)))
                .isEmpty();
    }

    @Test
    void aChannelNeverPublishedToAnswersOffsetZeroAndNoMessages() {
        String channel = channel();

        Api.Response response = api().get("/v1/api/history?channel=" + channel);

        assertThat(response.status()).isEqualTo(200);
        JsonNode page = response.json();
        assertThat(page.path("channel").asString()).isEqualTo(channel);
        assertThat(page.path("offset").asLong()).isZero();
        assertThat(page.path("epoch").asString()).isNotBlank();
        assertThat(page.path("messages").isArray()).isTrue();
        assertThat(page.path("messages").size()).isZero();
    }

    @Test
    void theEpochOfAnEmptyChannelIsTheOneItsFirstMessageGets() {
        String channel = channel();
        String epoch = history("channel=" + channel).path("epoch").asString();

        assertThat(api().publish(channel, 1).path("epoch").asString()).isEqualTo(epoch);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=1001",
                "limit=-1",
                "since=-1",
                "since=abc",
                "limit=abc",
                "since=1.5",
                "limit=99999999999999999999"
            })
    void outOfRangeOrNonNumericSinceAndLimitAreBadRequests(String query) {
        assertProblem(api().get("/v1/api/history?channel=" + channel() + "&" + query), 400, "bad_request");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "?since=1", "?channel=", "?channel=has%20space", "?channel=star*", "?channel=caf%C3%A9"})
    void aMissingOrInvalidChannelIsABadRequest(String query) {
        JsonNode problem = assertProblem(api().get("/v1/api/history" + query), 400, "bad_request");

        assertThat(problem.path("detail").asString()).contains("channel");
    }

    @Test
    void aChannelNameOf201CharactersIsABadRequest() {
        assertProblem(api().get("/v1/api/history?channel=" + "c".repeat(201)), 400, "bad_request");
    }

    private JsonNode[] publish(String channel, int count) {
        JsonNode[] answers = new JsonNode[count];
        for (int i = 0; i < count; i++) {
            answers[i] = api().publish(channel, java.util.Map.of("n", i + 1));
        }
        return answers;
    }

    private JsonNode history(String query) {
        Api.Response response = api().get("/v1/api/history?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> offsets(JsonNode page) {
        return page.path("messages")
                .valueStream()
                .map(m -> m.path("offset").asLong())
                .toList();
    }

    private static long last(JsonNode page) {
        List<Long> offsets = offsets(page);
        return offsets.get(offsets.size() - 1);
    }

    private static String channel() {
        return "history-test/" + CHANNELS.incrementAndGet() + "-" + UUID.randomUUID();
    }
}

package dev.herald.channel;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class PublishApiTest extends IntegrationTest {

    private static final String PATH = "/v1/api/publish";
    private static final AtomicInteger CHANNELS = new AtomicInteger();

    @Test
    void aPublishAnswersTheMessagesIdChannelOffsetEpochAndAcceptTime() {
        String channel = channel();
        long before = System.currentTimeMillis();
        Api.Response response = api().post(PATH, body(channel, "{\"level\": \"high\"}"));
        long after = System.currentTimeMillis();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode answer = response.json();
        assertThat(UUID.fromString(answer.path("id").asString())).isNotNull();
        assertThat(answer.path("channel").asString()).isEqualTo(channel);
        assertThat(answer.path("offset").asLong()).isEqualTo(1);
        assertThat(answer.path("epoch").asString()).isNotBlank();
        assertThat(answer.path("ts").asLong()).isBetween(before, after);
    }

    @Test
    void offsetsGrowByOneWhileTheEpochStaysAndEveryIdIsNew() {
        String channel = channel();
        Set<String> ids = new HashSet<>();
        String epoch = null;

        for (int i = 1; i <= 5; i++) {
            JsonNode answer =
                    api().post(PATH, body(channel, Integer.toString(i))).json();
            assertThat(answer.path("offset").asLong()).isEqualTo(i);
            if (epoch == null) {
                epoch = answer.path("epoch").asString();
            }
            assertThat(answer.path("epoch").asString()).isEqualTo(epoch);
            ids.add(answer.path("id").asString());
        }

        assertThat(ids).hasSize(5);
    }

    @Test
    void channelsCountTheirOffsetsSeparately() {
        String first = channel();
        String second = channel();

        api().post(PATH, body(first, "1"));
        api().post(PATH, body(first, "2"));

        assertThat(api().post(PATH, body(second, "1")).json().path("offset").asLong())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"level\": \"high\", \"tags\": [\"a\", \"b\"], \"n\": {\"x\": 1.5}}",
                "42",
                "-7.25",
                "\"just text\"",
                "[1, \"two\", {\"three\": 3}]",
                "[]",
                "{}",
                "true",
                "false",
                "null",
                "\"caf\u00e9 \\u2603 \\\"quoted\\\"\""
            })
    void dataMayBeAnyJsonValueAndComesBackUnchanged(String data) {
        String channel = channel();

        Api.Response response = api().post(PATH, body(channel, data));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode message = history(channel).path("messages").get(0);
        assertThat(message.has("data")).isTrue();
        assertThat(message.get("data")).isEqualTo(Api.JSON.readTree(data));
    }

    @Test
    void dataNullIsPublishedAsNull() {
        String channel = channel();

        assertThat(api().post(PATH, "{\"channel\": \"" + channel + "\", \"data\": null}")
                        .status())
                .isEqualTo(200);

        JsonNode message = history(channel).path("messages").get(0);
        assertThat(message.has("data")).isTrue();
        assertThat(message.get("data").isNull()).isTrue();
    }

    @Test
    void missingDataIsABadRequestAndPublishesNothing() {
        String channel = channel();

        JsonNode problem = assertProblem(api().post(PATH, "{\"channel\": \"" + channel + "\"}"), 400, "bad_request");

        assertThat(problem.path("detail").asString()).contains("data");
        assertThat(history(channel).path("offset").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "", "star*", "caf\u00e9", "tab\there", "hash#tag", "q?x=1", "a%2Fb"})
    void anInvalidChannelNameIsABadRequest(String name) {
        JsonNode problem = assertProblem(api().post(PATH, body(name, "1")), 400, "bad_request");

        assertThat(problem.path("detail").asString()).contains("channel");
    }

    @Test
    void aChannelNameOf201CharactersIsABadRequestAndOf200IsAccepted() {
        assertProblem(api().post(PATH, body("c".repeat(201), "1")), 400, "bad_request");

        String longest = "long-" + UUID.randomUUID() + "-";
        longest = longest + "c".repeat(200 - longest.length());
        assertThat(api().post(PATH, body(longest, "1")).status()).isEqualTo(200);
    }

    @Test
    void everyCharacterTheContractAllowsMakesAValidChannelName() {
        String channel = "Az09_-.:/@" + CHANNELS.incrementAndGet() + UUID.randomUUID();

        assertThat(api().post(PATH, body(channel, "1")).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"data\": 1}",
                "{\"channel\": null, \"data\": 1}",
                "{\"channel\": [\"a\"], \"data\": 1}",
                "{\"channel\": {\"name\": \"a\"}, \"data\": 1}",
                "[]",
                "[{\"channel\": \"a\", \"data\": 1}]",
                "\"a\"",
                "7",
                "null",
                "{\"channel\": \"a\", \"data\": }",
                "{\"channel\": \"a\", \"data\": 1",
                "{channel: a}",
                "{\"channel\": \"a\", \"data\": tru}",
                ""
            })
    void aBodyOfTheWrongShapeIsABadRequest(String body) {
        assertProblem(api().post(PATH, body), 400, "bad_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x\\ud800y\"", "\"\\udc00\"", "{\"a\": \"\\ud83d\"}", "[\"ok\", \"\\ud83d\"]"})
    void dataWithHalfASurrogatePairIsABadRequestAndTheHistoryStaysReadable(String data) {
        String channel = channel();
        api().publish(channel, 1);

        JsonNode problem = assertProblem(api().post(PATH, body(channel, data)), 400, "bad_request");

        assertThat(problem.path("detail").asString()).contains("data", "surrogate");
        Api.Response history = api().get("/v1/api/history?channel=" + channel);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().path("offset").asLong()).isEqualTo(1);
    }

    @Test
    void dataWithAWholeSurrogatePairComesBackUnchanged() {
        String channel = channel();

        assertThat(api().post(PATH, body(channel, "\"\\ud83d\\ude00 \ud83d\ude00\""))
                        .status())
                .isEqualTo(200);

        assertThat(history(channel).path("messages").get(0).path("data").asString())
                .isEqualTo("\ud83d\ude00 \ud83d\ude00");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"channel\": 5, \"data\": 1}",
                "{\"channel\": true, \"data\": 1}",
                "{\"channel\": 1.5, \"data\": 1}"
            })
    void aChannelThatIsNotAJsonStringIsABadRequestNotConverted(String body) {
        assertProblem(api().post(PATH, body), 400, "bad_request");
    }

    @Test
    void aNonJsonContentTypeIsAnUnsupportedMediaType() {
        String channel = channel();

        assertProblem(
                api().post(PATH, body(channel, "1"), "Content-Type", "text/plain"), 415, "unsupported_media_type");
        assertThat(history(channel).path("offset").asLong()).isZero();
    }

    @Test
    void aJsonContentTypeWithACharsetIsAccepted() {
        assertThat(api().post(PATH, body(channel(), "1"), "Content-Type", "application/json; charset=UTF-8")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAgainAndPublishesNothingNew() {
        String channel = channel();
        String key = "order-" + UUID.randomUUID();

        Api.Response first = api().post(PATH, body(channel, "{\"n\": 1}"), "Idempotency-Key", key);
        Api.Response second = api().post(PATH, body(channel, "{\"n\": 1}"), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(first.header("Idempotency-Replayed")).isNotEqualTo("true");
        assertThat(second.header("Idempotency-Replayed")).isEqualTo("true");
        JsonNode history = history(channel);
        assertThat(history.path("offset").asLong()).isEqualTo(1);
        assertThat(history.path("messages").size()).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyPublishOnce() throws Exception {
        String channel = channel();
        String key = "burst-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> api().post(PATH, body(channel, "\"once\""), "Idempotency-Key", key)));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Api.Response> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
                ids.add(answer.get().json().path("id").asString());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(history(channel).path("messages").size()).isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherBodyIsAConflict() {
        String channel = channel();
        String key = "reuse-" + UUID.randomUUID();
        api().post(PATH, body(channel, "{\"n\": 1}"), "Idempotency-Key", key);

        assertProblem(api().post(PATH, body(channel, "{\"n\": 2}"), "Idempotency-Key", key), 409, "conflict");

        assertThat(history(channel).path("offset").asLong()).isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherChannelIsAConflict() {
        String channel = channel();
        String other = channel();
        String key = "reuse-" + UUID.randomUUID();
        api().post(PATH, body(channel, "1"), "Idempotency-Key", key);

        assertProblem(api().post(PATH, body(other, "1"), "Idempotency-Key", key), 409, "conflict");

        assertThat(history(other).path("offset").asLong()).isZero();
    }

    @Test
    void differentIdempotencyKeysPublishSeparately() {
        String channel = channel();

        api().post(PATH, body(channel, "1"), "Idempotency-Key", "k1-" + UUID.randomUUID());
        api().post(PATH, body(channel, "1"), "Idempotency-Key", "k2-" + UUID.randomUUID());

        assertThat(history(channel).path("offset").asLong()).isEqualTo(2);
    }

    @Test
    void anIdempotencyKeyOver200CharactersIsABadRequest() {
        String channel = channel();

        assertProblem(api().post(PATH, body(channel, "1"), "Idempotency-Key", "k".repeat(201)), 400, "bad_request");

        assertThat(history(channel).path("offset").asLong()).isZero();
        String longest = UUID.randomUUID().toString();
        longest = longest + "k".repeat(200 - longest.length());
        assertThat(api().post(PATH, body(channel, "1"), "Idempotency-Key", longest)
                        .status())
                .isEqualTo(200);
    }

    private JsonNode history(String channel) {
        Api.Response response = api().get("/v1/api/history?channel=" + channel);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    static String body(String channel, String data) {
        return "{\"channel\": " + Api.JSON.writeValueAsString(channel) + ", \"data\": " + data + "}";
    }

    private static String channel() {
        return "publish-test/" + CHANNELS.incrementAndGet() + "-" + UUID.randomUUID();
    }
}

package dev.herald.admin;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ChannelsApiTest extends IntegrationTest {

    @Test
    void theListShowsAChannelWithItsSubscribersOffsetAndEpoch() {
        String channel = "channels-test/" + UUID.randomUUID();
        try (WsClient first = connectReader("channels-a");
                WsClient second = connectReader("channels-b")) {
            first.subscribe(channel);
            second.subscribe(channel);
            api().publish(channel, Map.of("n", 1));
            JsonNode published = api().publish(channel, Map.of("n", 2));

            JsonNode entry = find(channel);

            assertThat(entry.propertyNames()).containsExactlyInAnyOrder("channel", "subscribers", "offset", "epoch");
            assertThat(entry.path("subscribers").asInt()).isEqualTo(2);
            assertThat(entry.path("offset").asLong()).isEqualTo(2);
            assertThat(entry.path("epoch").asString())
                    .isEqualTo(published.path("epoch").asString());
        }
    }

    @Test
    void aChannelPublishedToWithoutSubscribersIsListedWithZeroSubscribers() {
        String channel = "channels-test/" + UUID.randomUUID();
        api().publish(channel, "x");

        assertThat(find(channel).path("subscribers").asInt()).isZero();
        assertThat(find(channel).path("offset").asLong()).isEqualTo(1);
    }

    @Test
    void theSubscriberCountFallsWhenSubscribersLeave() {
        String channel = "channels-test/" + UUID.randomUUID();
        WsClient leaving = connectReader("channels-leaving");
        try (WsClient staying = connectReader("channels-staying")) {
            leaving.subscribe(channel);
            staying.subscribe(channel);
            assertThat(find(channel).path("subscribers").asInt()).isEqualTo(2);

            leaving.close();
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> assertThat(find(channel).path("subscribers").asInt())
                                    .isEqualTo(1));

            staying.send("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\"}");
            staying.next("unsubscribed");
            assertThat(find(channel).path("subscribers").asInt()).isZero();
        }
    }

    @Test
    void theListComesAPageAtATimeInNameOrderAndTheNextCursorFetchesTheFollowingPage() {
        String prefix = "channels-paging-" + UUID.randomUUID();
        for (String name : List.of("c", "a", "b")) {
            api().publish(prefix + "/" + name, "x");
        }

        JsonNode first = api().get("/v1/api/channels?limit=2&after=" + prefix).json();
        JsonNode second = api().get(
                        "/v1/api/channels?limit=2&after=" + first.path("next").asString())
                .json();

        assertThat(first.propertyNames()).containsExactlyInAnyOrder("channels", "total", "next");
        assertThat(first.path("channels")
                        .valueStream()
                        .map(c -> c.path("channel").asString()))
                .containsExactly(prefix + "/a", prefix + "/b");
        assertThat(first.path("next").asString()).isEqualTo(prefix + "/b");
        assertThat(first.path("total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(second.path("channels").get(0).path("channel").asString()).isEqualTo(prefix + "/c");
    }

    @Test
    void theLastPageHasANullNext() {
        JsonNode last = api().get("/v1/api/channels?after=zzzz").json();

        assertThat(last.path("channels").isEmpty()).isTrue();
        assertThat(last.has("next")).isTrue();
        assertThat(last.path("next").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=-1", "limit=ten", "after=no%20spaces", "limit=99999999999"})
    void aBadLimitOrCursorIsABadRequestProblem(String query) {
        assertProblem(api().get("/v1/api/channels?" + query), 400, "bad_request");
    }

    private JsonNode find(String channel) {
        Api.Response response = api().get("/v1/api/channels");
        assertThat(response.status()).isEqualTo(200);
        return response.json()
                .path("channels")
                .valueStream()
                .filter(c -> c.path("channel").asString().equals(channel))
                .findFirst()
                .orElseThrow(() -> new AssertionError(channel + " is not in " + response.body()));
    }
}

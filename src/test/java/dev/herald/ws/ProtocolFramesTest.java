package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectError;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.json;
import static dev.herald.ws.Requests.ping;
import static dev.herald.ws.Requests.publish;
import static dev.herald.ws.Requests.subscribe;
import static dev.herald.ws.Requests.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The request and reply frames of {@code /v1/ws}, and how the server answers frames it cannot use. */
class ProtocolFramesTest extends IntegrationTest {

    @Test
    void aSubscribeIsConfirmedWithTheChannelsCurrentOffsetAndEpochAndNothingIsReplayedWithoutSince() {
        String channel = unique("frames/sub");
        api().publish(channel, 1);
        JsonNode second = api().publish(channel, 2);
        try (WsClient client = connectReader("subscriber")) {
            client.send(subscribe(channel, "s1"));

            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("channel").asString()).isEqualTo(channel);
            assertThat(subscribed.path("offset").asLong()).isEqualTo(2);
            assertThat(subscribed.path("epoch").asString())
                    .isEqualTo(second.path("epoch").asString());
            assertThat(subscribed.path("recovered").isBoolean()).isTrue();
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("id").asString()).isEqualTo("s1");
            expectOnlyPong(client);

            api().publish(channel, 3);
            assertThat(client.next("message").path("offset").asLong()).isEqualTo(3);
        }
    }

    @Test
    void anUnsubscribeIsConfirmedAndNoMoreMessagesOfThatChannelFollow() {
        String channel = unique("frames/unsub");
        try (WsClient client = connectReader("unsubscriber")) {
            client.subscribe(channel);
            api().publish(channel, "before");
            assertThat(client.next("message").path("data").asString()).isEqualTo("before");

            client.send(unsubscribe(channel, "u1"));
            JsonNode unsubscribed = client.next("unsubscribed");
            assertThat(unsubscribed.path("channel").asString()).isEqualTo(channel);
            assertThat(unsubscribed.path("id").asString()).isEqualTo("u1");

            api().publish(channel, "after");
            expectOnlyPong(client);
        }
    }

    @Test
    void unsubscribingFromAChannelThatIsNotSubscribedIsNotFound() {
        try (WsClient client = connectReader("stranger")) {
            client.send(unsubscribe(unique("frames/never"), "u2"));
            expectError(client, "not_found", "u2");
            expectOnlyPong(client);
        }
    }

    @Test
    void subscribingTwiceToTheSameChannelIsABadRequestAndKeepsTheFirstSubscription() {
        String channel = unique("frames/twice");
        try (WsClient client = connectReader("eager")) {
            client.subscribe(channel);
            client.send(subscribe(channel, "again"));
            expectError(client, "bad_request", "again");

            api().publish(channel, "once");
            assertThat(client.next("message").path("data").asString()).isEqualTo("once");
            expectOnlyPong(client);
        }
    }

    @Test
    void aPublishOverTheSocketIsConfirmedWithChannelOffsetTheRequestIdAndTheMessageId() {
        String channel = unique("frames/pub");
        api().publish(channel, "earlier");
        try (WsClient reader = connectReader("reader");
                WsClient publisher = connectPublisher("publisher", "frames/**")) {
            reader.subscribe(channel);

            publisher.send(publish(channel, Map.of("text", "hi"), "p1"));
            JsonNode published = publisher.next("published");
            assertThat(published.path("channel").asString()).isEqualTo(channel);
            assertThat(published.path("offset").asLong()).isEqualTo(2);
            assertThat(published.path("id").asString()).isEqualTo("p1");
            assertThat(published.path("messageId").asString()).isNotBlank().isNotEqualTo("p1");

            JsonNode message = reader.next("message");
            assertThat(message.path("channel").asString()).isEqualTo(channel);
            assertThat(message.path("offset").asLong()).isEqualTo(2);
            assertThat(message.path("id").asString())
                    .isEqualTo(published.path("messageId").asString());
            assertThat(message.path("data").path("text").asString()).isEqualTo("hi");
        }
    }

    @Test
    void aPublishWithoutARequestIdIsConfirmedWithTheMessagesId() {
        String channel = unique("frames/pub-noid");
        try (WsClient reader = connectReader("reader");
                WsClient publisher = connectPublisher("publisher", "frames/**")) {
            reader.subscribe(channel);

            publisher.send(json("type", "publish", "channel", channel, "data", 42));
            JsonNode published = publisher.next("published");
            String messageId = reader.next("message").path("id").asString();
            assertThat(published.path("id").asString()).isEqualTo(messageId);
            assertThat(published.path("messageId").asString()).isEqualTo(messageId);
        }
    }

    @Test
    void aPublishWithoutDataIsABadRequestAndPublishesNothing() {
        String channel = unique("frames/nodata");
        try (WsClient reader = connectReader("reader");
                WsClient publisher = connectPublisher("publisher", "frames/**")) {
            reader.subscribe(channel);

            publisher.send(json("type", "publish", "channel", channel, "id", "p2"));
            expectError(publisher, "bad_request", "p2");
            expectOnlyPong(reader);
            expectOnlyPong(publisher);
        }
    }

    @Test
    void aPublishWhoseDataHoldsHalfASurrogatePairIsABadRequestAndPublishesNothing() {
        String channel = unique("frames/surrogate");
        try (WsClient reader = connectReader("reader");
                WsClient publisher = connectPublisher("publisher", "frames/**")) {
            reader.subscribe(channel);

            publisher.send("{\"type\": \"publish\", \"channel\": \"" + channel
                    + "\", \"data\": \"x\\ud800y\", \"id\": \"p9\"}");
            expectError(publisher, "bad_request", "p9");
            expectOnlyPong(reader);
            expectOnlyPong(publisher);
        }
        assertThat(api().get("/v1/api/history?channel=" + channel).status()).isEqualTo(200);
    }

    @Test
    void nullIsValidMessageData() {
        String channel = unique("frames/null");
        try (WsClient reader = connectReader("reader");
                WsClient publisher = connectPublisher("publisher", "frames/**")) {
            reader.subscribe(channel);

            publisher.send(json("type", "publish", "channel", channel, "data", null, "id", "p3"));
            assertThat(publisher.next("published").path("id").asString()).isEqualTo("p3");
            JsonNode message = reader.next("message");
            assertThat(message.has("data")).isTrue();
            assertThat(message.get("data").isNull()).isTrue();
        }
    }

    @Test
    void aPingIsAnsweredWithAPongThatEchoesAStringOrNumberId() {
        try (WsClient client = connectReader("pinger")) {
            client.send(ping("hello"));
            assertThat(client.next("pong").path("id").asString()).isEqualTo("hello");

            client.send("{\"type\":\"ping\",\"id\":17}");
            JsonNode pong = client.next("pong");
            assertThat(pong.path("id").isNumber()).isTrue();
            assertThat(pong.path("id").asLong()).isEqualTo(17);

            client.send("{\"type\":\"ping\"}");
            assertThat(client.next("pong").has("id")).isFalse();
        }
    }

    @Test
    void everyReplyAndEveryErrorCarriesTheRequestsId() {
        String channel = unique("frames/ids");
        try (WsClient client = connect(token("echo", List.of("frames/**"), List.of("frames/**")))) {
            client.next("welcome");
            client.send(subscribe(channel, "a"));
            assertThat(client.next("subscribed").path("id").asString()).isEqualTo("a");
            client.send(publish(channel, "x", "b"));
            // the publisher is subscribed too, so its own message also comes, in either order
            List<JsonNode> frames = List.of(client.next(), client.next());
            JsonNode published = frames.stream()
                    .filter(f -> f.path("type").asString().equals("published"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no published frame in " + frames));
            assertThat(published.path("id").asString()).isEqualTo("b");
            client.send(unsubscribe(channel, "c"));
            assertThat(client.next("unsubscribed").path("id").asString()).isEqualTo("c");
            client.send(ping("d"));
            assertThat(client.next("pong").path("id").asString()).isEqualTo("d");

            client.send(unsubscribe(channel, "e"));
            expectError(client, "not_found", "e");
            client.send(subscribe("alerts", "f"));
            expectError(client, "forbidden", "f");
            client.send(publish("alerts", "x", "g"));
            expectError(client, "forbidden", "g");
            client.send(json("type", "dance", "id", 99));
            assertThat(client.next("error").path("id").asLong()).isEqualTo(99);
        }
    }

    static Stream<Arguments> badFrames() {
        String channel = "frames/bad";
        return Stream.of(
                Arguments.of("not JSON", "hello there", null),
                Arguments.of("truncated JSON", "{\"type\":\"ping\",", null),
                Arguments.of("an array", "[{\"type\":\"ping\"}]", null),
                Arguments.of("a string", "\"ping\"", null),
                Arguments.of("a number", "42", null),
                Arguments.of("JSON null", "null", null),
                Arguments.of("no type", json("id", "m1"), "m1"),
                Arguments.of("a type that is not a string", json("type", 7, "id", "m2"), "m2"),
                Arguments.of("an unknown type", json("type", "shout", "id", "m3"), "m3"),
                Arguments.of("subscribe without channel", json("type", "subscribe", "id", "m4"), "m4"),
                Arguments.of(
                        "subscribe to a channel that is not a string",
                        json("type", "subscribe", "channel", List.of("a"), "id", "m5"),
                        "m5"),
                Arguments.of("subscribe to an empty channel name", subscribe("", "m6"), "m6"),
                Arguments.of("subscribe to a name with a space", subscribe("frames/a b", "m7"), "m7"),
                Arguments.of("subscribe to a name with a star", subscribe("frames/*", "m8"), "m8"),
                Arguments.of("subscribe to a 201-character name", subscribe("c".repeat(201), "m9"), "m9"),
                Arguments.of("unsubscribe from a bad name", unsubscribe("frames/a#b", "m10"), "m10"),
                Arguments.of("publish to a bad name", publish("frames/a?b", 1, "m11"), "m11"),
                Arguments.of(
                        "since that is a string",
                        json("type", "subscribe", "channel", channel, "since", "yesterday", "id", "m12"),
                        "m12"),
                Arguments.of(
                        "since without epoch",
                        json("type", "subscribe", "channel", channel, "since", Map.of("offset", 3), "id", "m13"),
                        "m13"),
                Arguments.of(
                        "since without offset",
                        json("type", "subscribe", "channel", channel, "since", Map.of("epoch", "e"), "id", "m14"),
                        "m14"),
                Arguments.of(
                        "since with a negative offset",
                        json(
                                "type",
                                "subscribe",
                                "channel",
                                channel,
                                "since",
                                Map.of("offset", -1, "epoch", "e"),
                                "id",
                                "m15"),
                        "m15"),
                Arguments.of(
                        "since with a string offset",
                        json(
                                "type",
                                "subscribe",
                                "channel",
                                channel,
                                "since",
                                Map.of("offset", "3", "epoch", "e"),
                                "id",
                                "m16"),
                        "m16"),
                Arguments.of(
                        "since with a fractional offset",
                        json(
                                "type",
                                "subscribe",
                                "channel",
                                channel,
                                "since",
                                Map.of("offset", 1.5, "epoch", "e"),
                                "id",
                                "m17"),
                        "m17"),
                Arguments.of(
                        "since with a numeric epoch",
                        json(
                                "type",
                                "subscribe",
                                "channel",
                                channel,
                                "since",
                                Map.of("offset", 1, "epoch", 5),
                                "id",
                                "m18"),
                        "m18"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void aFrameTheServerCannotUseGetsABadRequestErrorAndTheConnectionStaysOpen(String what, String frame, String id) {
        try (WsClient client = connect(token("clumsy", List.of("frames/**"), List.of("frames/**")))) {
            client.next("welcome");
            client.send(frame);
            expectError(client, "bad_request", id);
            expectOnlyPong(client);
        }
    }

    @Test
    void aSubscribeRefusedForItsSinceLeavesTheChannelUnsubscribed() {
        String channel = unique("frames/since");
        try (WsClient client = connectReader("retrier")) {
            client.send(json(
                    "type", "subscribe", "channel", channel, "since", Map.of("offset", -5, "epoch", "e"), "id", "bad"));
            expectError(client, "bad_request", "bad");

            client.send(subscribe(channel, "good"));
            assertThat(client.next("subscribed").path("id").asString()).isEqualTo("good");
        }
    }
}

package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectError;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.publish;
import static dev.herald.ws.Requests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The token's subscribe and publish patterns, as a client meets them over the socket. */
class ChannelPermissionsTest extends IntegrationTest {

    private WsClient connectWith(List<String> subscribe, List<String> publish) {
        WsClient client = connect(token("patterned", subscribe, publish));
        client.next("welcome");
        return client;
    }

    private static void expectSubscribed(WsClient client, String channel) {
        client.send(subscribe(channel, channel));
        JsonNode subscribed = client.next("subscribed");
        assertThat(subscribed.path("channel").asString()).isEqualTo(channel);
    }

    private static void expectForbiddenToSubscribe(WsClient client, String channel) {
        client.send(subscribe(channel, channel));
        expectError(client, "forbidden", channel);
    }

    @Test
    void aSingleStarAllowsExactlyOneLevelBelowItsPrefix() {
        String root = unique("volume");
        try (WsClient client = connectWith(List.of(root + "/*"), List.of())) {
            expectSubscribed(client, root + "/cam-1");
            expectSubscribed(client, root + "/cam.2@site:3");
            expectForbiddenToSubscribe(client, root + "/a/b");
            expectForbiddenToSubscribe(client, root);
            expectForbiddenToSubscribe(client, root + "/");
            expectForbiddenToSubscribe(client, root + "x/cam-1");
        }
    }

    @Test
    void aTokenForVolumeStarMayNotSubscribeToOtherChannels() {
        try (WsClient client = connectWith(List.of("volume/*"), List.of())) {
            expectSubscribed(client, unique("volume/cam"));
            expectForbiddenToSubscribe(client, "alerts");
            expectForbiddenToSubscribe(client, "volume/a/b");
            expectForbiddenToSubscribe(client, unique("other/volume"));
        }
    }

    @Test
    void aDoubleStarAllowsEverythingBelowItsPrefixButNotThePrefixItself() {
        String tenant = unique("tenant");
        try (WsClient client = connectWith(List.of(tenant + "/**"), List.of())) {
            expectSubscribed(client, tenant + "/x");
            expectSubscribed(client, tenant + "/x/y");
            expectSubscribed(client, tenant + "/x/y/z");
            expectForbiddenToSubscribe(client, tenant);
            expectForbiddenToSubscribe(client, tenant + "b/x");
        }
    }

    @Test
    void aPlainNameAllowsOnlyThatChannel() {
        String alerts = unique("alerts");
        try (WsClient client = connectWith(List.of(alerts), List.of())) {
            expectSubscribed(client, alerts);
            expectForbiddenToSubscribe(client, alerts + "/more");
            expectForbiddenToSubscribe(client, alerts + "x");
        }
    }

    @Test
    void aForbiddenSubscribeDeliversNothingFromThatChannel() {
        String secret = unique("secret");
        try (WsClient client = connectWith(List.of("public/**"), List.of())) {
            expectForbiddenToSubscribe(client, secret);
            api().publish(secret, "classified");
            expectOnlyPong(client);
        }
    }

    @Test
    void aTokenWhosePublishPatternsMatchMayPublish() {
        String room = unique("chat/room");
        try (WsClient reader = connectReader("reader");
                WsClient client = connectWith(List.of(), List.of("chat/*"))) {
            reader.subscribe(room);
            client.send(publish(room, "hi", "p1"));
            JsonNode published = client.next("published");
            assertThat(published.path("channel").asString()).isEqualTo(room);
            assertThat(published.path("id").asString()).isEqualTo("p1");
            assertThat(reader.next("message").path("data").asString()).isEqualTo("hi");
        }
    }

    @Test
    void aTokenWithoutPublishRightsForTheChannelGetsAForbiddenErrorAndNothingIsPublished() {
        String alerts = unique("alerts");
        try (WsClient reader = connectReader("reader");
                WsClient client = connectWith(List.of("**"), List.of("chat/*"))) {
            reader.subscribe(alerts);
            client.send(publish(alerts, "intruder", "p2"));
            expectError(client, "forbidden", "p2");
            client.send(publish("chat/a/b", "too deep", "p3"));
            expectError(client, "forbidden", "p3");
            expectOnlyPong(reader);
            expectOnlyPong(client);
        }
    }

    @Test
    void subscribeRightsDoNotGrantPublishRights() {
        String channel = unique("news");
        try (WsClient client = connectWith(List.of("**"), List.of())) {
            expectSubscribed(client, channel);
            client.send(publish(channel, "mine", "p4"));
            expectError(client, "forbidden", "p4");
            expectOnlyPong(client);
        }
    }
}

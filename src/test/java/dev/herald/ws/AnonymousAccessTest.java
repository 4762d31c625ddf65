package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectError;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.publish;
import static dev.herald.ws.Requests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.WsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reading with no token where {@code herald.security.anonymous-subscribe} allows it (here {@code public/**});
 * without that setting a connection with no token must send one in a {@code connect} frame, see {@link ConnectFrameTest}.
 */
class AnonymousAccessTest extends ConfiguredServerTest {

    private WsClient connectAnonymously() {
        WsClient client = WsClient.connect(port, null);
        assertThat(client.next("welcome").path("user").asString()).isEqualTo("anonymous");
        return client;
    }

    @Test
    void aClientWithoutATokenConnectsAsTheAnonymousUser() {
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, null), null)).isEqualTo(101);
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, ""), null)).isEqualTo(101);
        try (WsClient client = connectAnonymously()) {
            expectOnlyPong(client);
        }
    }

    @Test
    void anAnonymousClientReadsChannelsMatchingTheAnonymousPatterns() {
        String channel = unique("public/news");
        try (WsClient client = connectAnonymously()) {
            client.send(subscribe(channel, "a1"));
            assertThat(client.next("subscribed").path("id").asString()).isEqualTo("a1");
            api().publish(channel, "hello world");
            assertThat(client.next("message").path("data").asString()).isEqualTo("hello world");
        }
    }

    @Test
    void anAnonymousClientMayNotSubscribeElsewhere() {
        try (WsClient client = connectAnonymously()) {
            client.send(subscribe(unique("private/x"), "a2"));
            expectError(client, "forbidden", "a2");
            client.send(subscribe("public", "a3"));
            expectError(client, "forbidden", "a3");
            expectOnlyPong(client);
        }
    }

    @Test
    void anAnonymousClientMayNotPublishEvenToAPublicChannel() {
        String channel = unique("public/wall");
        try (WsClient reader = connectAnonymously();
                WsClient client = connectAnonymously()) {
            reader.subscribe(channel);
            client.send(publish(channel, "graffiti", "a4"));
            expectError(client, "forbidden", "a4");
            expectOnlyPong(reader);
        }
    }

    @Test
    void anAnonymousReaderIsNotTimedOutAndMayConnectWithATokenLater() throws Exception {
        String channel = unique("private/y");
        try (WsClient client = connectAnonymously()) {
            client.send(Requests.json(
                    "type",
                    "connect",
                    "id",
                    "c1",
                    "token",
                    token("quinn", java.util.List.of("private/**"), java.util.List.of())));
            JsonNode welcome = client.next("welcome");
            assertThat(welcome.path("id").asString()).isEqualTo("c1");
            assertThat(welcome.path("user").asString()).isEqualTo("quinn");
            client.send(subscribe(channel, "a5"));
            assertThat(client.next("subscribed").path("id").asString()).isEqualTo("a5");
        }
    }

    @Test
    void aBadTokenIsStillUnauthorizedWhenAnonymousReadingIsAllowed() {
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, "not-a-token"), null))
                .isEqualTo(401);
    }
}

package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.expectError;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.json;
import static dev.herald.ws.Requests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The token in the first frame: {@code /v1/ws} with no token upgrades, a {@code connect} frame brings the
 * token, and a missing, bad or expired one closes with 4401 and a reason a browser can read.
 */
class ConnectFrameTest extends IntegrationTest {

    private WsClient connectWithoutToken() {
        return WsClient.connect(port, null);
    }

    private static String connect(String token, String id) {
        return json("type", "connect", "token", token, "id", id);
    }

    @Test
    void aTokenInTheConnectFrameIsAnsweredWithTheWelcomeOfItsUser() {
        String channel = unique("connect/news");
        try (WsClient client = connectWithoutToken()) {
            client.send(connect(token("carol", List.of("connect/**"), List.of()), "c1"));
            JsonNode welcome = client.next("welcome");
            assertThat(welcome.path("id").asString()).isEqualTo("c1");
            assertThat(welcome.path("user").asString()).isEqualTo("carol");
            assertThat(welcome.path("connectionId").asString()).isNotBlank();
            assertThat(welcome.path("pingIntervalMs").asLong()).isPositive();

            client.send(subscribe(channel, "s1"));
            assertThat(client.next("subscribed").path("id").asString()).isEqualTo("s1");
            api().publish(channel, "hello");
            assertThat(client.next("message").path("data").asString()).isEqualTo("hello");
        }
    }

    @Test
    void beforeItsConnectFrameAConnectionReadsNothingAndStaysOpen() {
        try (WsClient client = connectWithoutToken()) {
            client.send(subscribe(unique("connect/early"), "s2"));
            expectError(client, "forbidden", "s2");
            expectOnlyPong(client);
        }
    }

    @Test
    void aConnectionThatSendsNoConnectFrameInTimeIsClosedWith4401NoToken() {
        try (WsClient client = connectWithoutToken()) {
            WsClient.Closed closed = client.awaitClose(15);
            assertThat(closed.code()).isEqualTo(4401);
            assertThat(closed.reason()).isEqualTo("no token");
        }
    }

    @Test
    void aConnectFrameWithoutATokenIsClosedWith4401NoToken() {
        try (WsClient client = connectWithoutToken()) {
            client.send(json("type", "connect"));
            assertThat(client.awaitClose(5)).isEqualTo(new WsClient.Closed(4401, "no token"));
        }
    }

    @Test
    void aBadTokenInTheConnectFrameIsClosedWith4401BadToken() {
        try (WsClient client = connectWithoutToken()) {
            client.send(connect("not-a-token", "c2"));
            assertThat(client.awaitClose(5)).isEqualTo(new WsClient.Closed(4401, "bad token"));
        }
        String otherSecret = HandshakeTest.hs256(HandshakeTest.validClaims(), SECRET + "-but-another-one");
        try (WsClient client = connectWithoutToken()) {
            client.send(connect(otherSecret, "c3"));
            assertThat(client.awaitClose(5)).isEqualTo(new WsClient.Closed(4401, "bad token"));
        }
    }

    @Test
    void anExpiredTokenInTheConnectFrameIsClosedWith4401TokenExpired() {
        Instant now = Instant.now();
        String expired = HandshakeTest.hs256(HandshakeTest.claims(now.minusSeconds(120), now.minusSeconds(60)), SECRET);
        try (WsClient client = connectWithoutToken()) {
            client.send(connect(expired, "c4"));
            assertThat(client.awaitClose(5)).isEqualTo(new WsClient.Closed(4401, "token expired"));
        }
    }

    @Test
    void aSecondConnectFrameIsAnErrorAndChangesNothing() {
        try (WsClient client = connectWithoutToken()) {
            client.send(connect(token("dave", List.of(), List.of()), "c5"));
            assertThat(client.next("welcome").path("user").asString()).isEqualTo("dave");
            client.send(connect(token("erin", List.of(), List.of()), "c6"));
            expectError(client, "bad_request", "c6");
            expectOnlyPong(client);
        }
        try (WsClient client = connect(token("frank", List.of(), List.of()))) {
            client.next("welcome");
            client.send(connect(token("grace", List.of(), List.of()), "c7"));
            expectError(client, "bad_request", "c7");
        }
    }

    @Test
    void theAdminViewShowsNeitherTheTokenOfAConnectFrameNorTheOneInTheUrl() {
        String viaFrame = token("heidi", List.of(), List.of());
        String viaQuery = token("ivan", List.of(), List.of());
        try (WsClient framed = connectWithoutToken();
                WsClient queried = connect(viaQuery)) {
            framed.send(connect(viaFrame, "c8"));
            String framedId = framed.next("welcome").path("connectionId").asString();
            String queriedId = queried.next("welcome").path("connectionId").asString();
            expectOnlyPong(framed);
            expectOnlyPong(queried);

            for (String id : List.of(framedId, queriedId)) {
                String body = api().get("/v1/api/connections/" + id).body();
                assertThat(body)
                        .doesNotContain(viaFrame)
                        .doesNotContain(viaFrame.substring(0, 40))
                        .doesNotContain(viaQuery)
                        .doesNotContain(viaQuery.substring(0, 40));
                JsonNode view = api().get("/v1/api/connections/" + id).json();
                assertThat(view.path("uri").asString()).isEqualTo("/v1/ws");
            }
            String list = api().get("/v1/api/connections").body();
            assertThat(list).doesNotContain(viaFrame.substring(0, 40)).doesNotContain(viaQuery.substring(0, 40));
            JsonNode recent =
                    api().get("/v1/api/connections/" + framedId).json().path("recent");
            assertThat(recent.toString()).contains("[redacted]");
        }
    }
}

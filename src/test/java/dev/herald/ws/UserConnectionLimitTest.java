package dev.herald.ws;

import static dev.herald.testing.Names.unique;
import static dev.herald.ws.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code herald.limits.connections-per-user}: a user's connection above the limit is refused, at the upgrade or in the connect frame. */
@TestPropertySource(properties = "herald.limits.connections-per-user=2")
class UserConnectionLimitTest extends IntegrationTest {

    private String tokenOf(String user) {
        return token(user, List.of("**"), List.of());
    }

    private WsClient open(String token) {
        WsClient client = connect(token);
        client.next("welcome");
        return client;
    }

    @Test
    void anUpgradeOfAUserWithTheMostConnectionsOpenIsAnswered429RateLimited() {
        String token = tokenOf(unique("limited"));
        try (WsClient first = open(token);
                WsClient second = open(token)) {
            RawHandshake third = RawHandshake.of(port, "/v1/ws?token=" + token);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.header("Content-Type")).startsWith("application/problem+json");
            assertThat(third.body()).contains("\"status\":429", "\"code\":\"rate_limited\"");
            try (RawHandshake otherUser = RawHandshake.of(port, "/v1/ws?token=" + tokenOf(unique("other")))) {
                assertThat(otherUser.status()).isEqualTo(101);
            }
        }
        String metrics = api().get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("herald_handshakes_rejected_total\\{[^}]*reason=\"user_limit\"[^}]*} [1-9]");
    }

    @Test
    void aClosedConnectionGivesItsPlaceBack() throws InterruptedException {
        String token = tokenOf(unique("returning"));
        try (WsClient stays = open(token)) {
            open(token).close();
            int status = 0;
            for (int i = 0; i < 50 && status != 101; i++) { // bounded: the server sees the close a moment later
                Thread.sleep(100);
                try (RawHandshake again = RawHandshake.of(port, "/v1/ws?token=" + token)) {
                    status = again.status();
                }
            }
            assertThat(status).isEqualTo(101);
        }
    }

    @Test
    void aConnectFrameOfAUserAtTheLimitIsClosedWith4429TooManyConnections() {
        String token = tokenOf(unique("framed"));
        try (WsClient first = open(token);
                WsClient second = open(token);
                WsClient third = WsClient.connect(port, null)) {
            third.send(json("type", "connect", "token", token, "id", "c3"));
            assertThat(third.awaitClose(5)).isEqualTo(new WsClient.Closed(4429, "too many connections"));
        }
    }

    @Test
    void anonymousReadersAreNotCountedAsOneUser() {
        try (WsClient a = WsClient.connect(port, null);
                WsClient b = WsClient.connect(port, null);
                WsClient c = WsClient.connect(port, null)) {
            for (WsClient client : List.of(a, b, c)) {
                client.send(json("type", "ping", "id", "p"));
                assertThat(client.next("pong").path("id").asString()).isEqualTo("p");
            }
        }
    }
}

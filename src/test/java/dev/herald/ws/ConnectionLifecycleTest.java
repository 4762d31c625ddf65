package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConnectionLifecycleTest extends IntegrationTest {

    @Test
    void anApplicationPingIsAnsweredWithAPongCarryingTheSameId() {
        try (WsClient client = connectReader("app-pinger")) {
            client.send("{\"type\":\"ping\",\"id\":17}");
            JsonNode pong = client.next("pong");
            assertThat(pong.path("id").asInt()).isEqualTo(17);
            client.send("{\"type\":\"ping\",\"id\":\"p-2\"}");
            assertThat(client.next("pong").path("id").asString()).isEqualTo("p-2");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aConnectionIsClosedWith4001WhenItsTokenExpires() {
        Api.Response issued = api().post(
                        "/v1/api/createtoken",
                        Api.JSON.writeValueAsString(Map.of(
                                "UserName",
                                "short-lived",
                                "Subscribe",
                                List.of("**"),
                                "Publish",
                                List.of(),
                                "TtlSeconds",
                                2)));
        assertThat(issued.status()).isEqualTo(200);
        long expiresAt = issued.json().path("expiresAt").asLong();

        try (WsClient client = connect(issued.json().path("token").asString())) {
            client.next("welcome");
            client.send("{\"type\":\"ping\"}");
            client.next("pong");

            WsClient.Closed closed = client.awaitClose(5);
            long closedAt = System.currentTimeMillis();
            assertThat(closed.code()).as("close seen: %s", closed).isEqualTo(4001);
            assertThat(closed.reason()).isEqualTo("token expired");
            assertThat(closedAt).as("not closed before the token's expiry").isGreaterThanOrEqualTo(expiresAt);
        }
    }

    @Test
    void anOperatorsDeleteClosesTheConnectionWithTheGivenCodeAndReason() throws InterruptedException {
        LifecycleProbe probe = new LifecycleProbe(api());
        try (WsClient client = connect(token("deleted-with-code", List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            Api.Response answer = api().delete("/v1/api/connections/" + id + "?code=4100&reason=bye");

            assertThat(answer.status()).isEqualTo(204);
            WsClient.Closed closed = client.awaitClose(5);
            assertThat(closed).isEqualTo(new WsClient.Closed(4100, "bye"));
            assertThat(probe.awaitGone(id, 2000))
                    .as("the admin API forgets the closed connection")
                    .isTrue();
        }
    }

    @Test
    void anOperatorsDeleteWithoutParametersClosesTheConnectionWith1000() {
        try (WsClient client = connect(token("deleted-plainly", List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            assertThat(api().delete("/v1/api/connections/" + id).status()).isEqualTo(204);

            assertThat(client.awaitClose(5).code()).isEqualTo(1000);
        }
    }

    @Test
    void anOperatorsDeleteOfAnUnknownConnectionIsNotFound() {
        Api.Response answer = api().delete("/v1/api/connections/no-such-connection");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.problemCode()).isEqualTo("not_found");
    }
}

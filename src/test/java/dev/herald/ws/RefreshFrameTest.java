package dev.herald.ws;

import static dev.herald.ws.Requests.expectError;
import static dev.herald.ws.Requests.expectOnlyPong;
import static dev.herald.ws.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The in-band {@code refresh}: a newer token of the same user moves the 4001 deadline without a reconnect. */
class RefreshFrameTest extends IntegrationTest {

    private static String tokenOf(String user, Instant expires) {
        Instant now = Instant.now();
        return HandshakeTest.hs256(
                new JWTClaimsSet.Builder()
                        .subject(user)
                        .issueTime(Date.from(now.minusSeconds(1)))
                        .expirationTime(Date.from(expires))
                        .jwtID(UUID.randomUUID().toString())
                        .claim("subscribe", List.of("**"))
                        .claim("publish", List.of())
                        .build(),
                SECRET);
    }

    private static String refresh(String token, String id) {
        return json("type", "refresh", "token", token, "id", id);
    }

    @Test
    void aNewerTokenOfTheSameUserKeepsTheConnectionOpenPastTheFirstTokensExpiry() throws Exception {
        Instant soon = Instant.now().plusSeconds(3);
        try (WsClient client = connect(tokenOf("judy", soon))) {
            client.next("welcome");
            Instant later = Instant.now().plusSeconds(3600);
            client.send(refresh(tokenOf("judy", later), "r1"));
            JsonNode refreshed = client.next("refreshed");
            assertThat(refreshed.path("id").asString()).isEqualTo("r1");
            assertThat(refreshed.path("expiresAt").asLong()).isEqualTo(later.getEpochSecond() * 1000);

            while (Instant.now().isBefore(soon.plusSeconds(1))) {
                Thread.sleep(200);
            }
            expectOnlyPong(client);
        }
    }

    @Test
    void anotherUsersTokenIsForbiddenAndTheOldDeadlineStays() {
        Instant soon = Instant.now().plusSeconds(2);
        try (WsClient client = connect(tokenOf("karl", soon))) {
            client.next("welcome");
            client.send(refresh(tokenOf("mallory", Instant.now().plusSeconds(3600)), "r2"));
            expectError(client, "forbidden", "r2");
            assertThat(client.awaitClose(10).code()).isEqualTo(4001);
        }
    }

    @Test
    void aBadOrExpiredTokenIsUnauthorizedAndTheConnectionStaysOpen() {
        try (WsClient client = connect(tokenOf("liam", Instant.now().plusSeconds(3600)))) {
            client.next("welcome");
            client.send(refresh("not-a-token", "r3"));
            expectError(client, "unauthorized", "r3");
            client.send(refresh(tokenOf("liam", Instant.now().minusSeconds(10)), "r4"));
            assertThat(expectError(client, "unauthorized", "r4").path("message").asString())
                    .contains("expired");
            client.send(json("type", "refresh", "id", "r5"));
            expectError(client, "bad_request", "r5");
            expectOnlyPong(client);
        }
    }

    @Test
    void aConnectionWithoutATokenHasNothingToRefresh() {
        try (WsClient client = WsClient.connect(port, null)) {
            client.send(refresh(tokenOf("mia", Instant.now().plusSeconds(3600)), "r6"));
            expectError(client, "unauthorized", "r6");
        }
    }
}

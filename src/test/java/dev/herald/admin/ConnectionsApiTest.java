package dev.herald.admin;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static dev.herald.testing.Names.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ConnectionsApiTest extends IntegrationTest {

    private static final List<String> CONN_FIELDS = List.of(
            "id",
            "user",
            "node",
            "remoteAddress",
            "userAgent",
            "uri",
            "state",
            "connectedAt",
            "lastPongAt",
            "rttMs",
            "messagesIn",
            "messagesOut",
            "bytesIn",
            "bytesOut",
            "subscriptions");

    @Test
    void theListShowsAConnectionWithEveryContractFieldAndNoToken() {
        String user = unique("conn-user");
        String channel = unique("conn/fields");
        String token = token(user, List.of("**"), List.of());
        long before = System.currentTimeMillis();
        try (WsClient client = connect(token)) {
            String id = client.next("welcome").path("connectionId").asString();
            long after = System.currentTimeMillis();
            client.subscribe(channel);

            JsonNode list = connections("?user=" + user);

            assertThat(list.path("total").asInt()).isEqualTo(1);
            JsonNode conn = list.path("connections").get(0);
            assertThat(conn.propertyNames()).containsAll(CONN_FIELDS);
            assertThat(conn.has("recent"))
                    .as("the list leaves recent frames out")
                    .isFalse();
            assertThat(conn.path("id").asString()).isEqualTo(id);
            assertThat(conn.path("user").asString()).isEqualTo(user);
            assertThat(conn.path("node").asString()).isEqualTo("test-node");
            assertThat(conn.path("remoteAddress").asString()).startsWith("127.0.0.1");
            assertThat(conn.path("userAgent").asString()).containsIgnoringCase("java");
            assertThat(conn.path("uri").asString()).isEqualTo("/v1/ws");
            assertThat(list.toString()).doesNotContain(token).doesNotContain("token=");
            assertThat(conn.path("state").asString()).isEqualTo("open");
            assertThat(conn.path("connectedAt").asLong()).isBetween(before, after);
            assertThat(conn.get("lastPongAt").isNull()).as("no Pong yet").isTrue();
            assertThat(conn.get("rttMs").isNull()).as("no Pong yet").isTrue();
            assertThat(conn.path("subscriptions")
                            .valueStream()
                            .map(JsonNode::asString)
                            .toList())
                    .containsExactly(channel);
        }
    }

    @Test
    void theCountersTellTheFramesAndBytesInAndOut() {
        String user = unique("count-user");
        try (WsClient client = connect(token(user, List.of("**"), List.of()))) {
            JsonNode welcome = client.next("welcome");
            String id = welcome.path("connectionId").asString();
            String subscribe =
                    "{\"type\":\"subscribe\",\"channel\":\"" + unique("count/ch") + "\",\"id\":\"caf\u00e9\"}";
            client.send(subscribe);
            JsonNode subscribed = client.next("subscribed");
            long outBytes = utf8(welcome.toString()) + utf8(subscribed.toString());

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode conn = connection(id);
                assertThat(conn.path("messagesIn").asLong()).isEqualTo(1);
                assertThat(conn.path("bytesIn").asLong()).isEqualTo(utf8(subscribe));
                assertThat(conn.path("messagesOut").asLong()).isEqualTo(2);
                assertThat(conn.path("bytesOut").asLong()).isEqualTo(outBytes);
            });
        }
    }

    @Test
    void theUserFilterKeepsThatUsersConnectionsAndTotalCountsThem() {
        String alice = unique("alice");
        String bob = unique("bob");
        try (WsClient a1 = connectReader(alice);
                WsClient a2 = connectReader(alice);
                WsClient b = connectReader(bob)) {
            JsonNode list = connections("?user=" + alice);

            assertThat(list.path("total").asInt()).isEqualTo(2);
            assertThat(list.path("connections")
                            .valueStream()
                            .map(c -> c.path("user").asString()))
                    .containsOnly(alice)
                    .hasSize(2);
            assertThat(connections("?user=" + unique("nobody")).path("total").asInt())
                    .isZero();
            assertThat(connections("?user=" + unique("nobody"))
                            .path("connections")
                            .size())
                    .isZero();
        }
    }

    @Test
    void theChannelFilterKeepsTheConnectionsSubscribedToThatChannel() {
        String alice = unique("alice");
        String bob = unique("bob");
        String channel = unique("filter/ch");
        try (WsClient a1 = connectReader(alice);
                WsClient a2 = connectReader(alice);
                WsClient b = connectReader(bob)) {
            a1.subscribe(channel);
            b.subscribe(channel);
            a2.subscribe(unique("filter/other"));

            JsonNode byChannel = connections("?channel=" + channel);
            assertThat(byChannel.path("total").asInt()).isEqualTo(2);
            assertThat(byChannel
                            .path("connections")
                            .valueStream()
                            .map(c -> c.path("user").asString()))
                    .containsExactlyInAnyOrder(alice, bob);

            JsonNode both = connections("?user=" + alice + "&channel=" + channel);
            assertThat(both.path("total").asInt()).isEqualTo(1);
            assertThat(both.path("connections")
                            .get(0)
                            .path("subscriptions")
                            .get(0)
                            .asString())
                    .isEqualTo(channel);
        }
    }

    @Test
    void theUnfilteredListHoldsEveryConnectionAndTotalIsItsLength() {
        try (WsClient client = connectReader(unique("all-user"))) {
            JsonNode list = connections("");

            assertThat(list.path("total").asInt())
                    .isEqualTo(list.path("connections").size());
            assertThat(list.path("connections")
                            .valueStream()
                            .map(c -> c.path("user").asString()))
                    .anyMatch(u -> u.startsWith("all-user"));
        }
    }

    @Test
    void oneConnectionShowsItsRecentFramesInAndOut() {
        long before = System.currentTimeMillis();
        try (WsClient client = connect(token(unique("recent-user"), List.of("**"), List.of()))) {
            JsonNode welcome = client.next("welcome");
            String id = welcome.path("connectionId").asString();
            String ping = "{\"type\":\"ping\",\"id\":\"r1\"}";
            client.send(ping);
            JsonNode pong = client.next("pong");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode conn = connection(id);
                assertThat(conn.propertyNames()).containsAll(CONN_FIELDS);
                List<JsonNode> recent = conn.path("recent").valueStream().toList();
                assertThat(recent).hasSize(3);
                // oldest first; an out frame is recorded once written, so only the outs are ordered for sure
                List<JsonNode> out = recent.stream()
                        .filter(f -> f.path("direction").asString().equals("out"))
                        .toList();
                List<JsonNode> in = recent.stream()
                        .filter(f -> f.path("direction").asString().equals("in"))
                        .toList();
                assertThat(out).hasSize(2);
                assertFrame(out.get(0), "out", "text", welcome.toString());
                assertFrame(out.get(1), "out", "text", pong.toString());
                assertThat(in).hasSize(1);
                assertFrame(in.get(0), "in", "text", ping);
                assertThat(recent.get(2)).isEqualTo(out.get(1));
                assertThat(recent)
                        .allSatisfy(frame ->
                                assertThat(frame.path("ts").asLong()).isBetween(before, System.currentTimeMillis()));
            });
        }
    }

    @Test
    void recentHoldsTheLast50FramesOnly() {
        try (WsClient client = connect(token(unique("many-frames"), List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();
            for (int i = 1; i <= 40; i++) {
                client.send("{\"type\":\"ping\",\"id\":" + i + "}");
                client.next("pong");
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                List<JsonNode> recent =
                        connection(id).path("recent").valueStream().toList();
                assertThat(recent).hasSize(50);
                assertThat(recent.get(49).path("preview").asString()).isEqualTo("{\"type\":\"pong\",\"id\":40}");
                assertThat(recent).noneMatch(f -> f.path("preview").asString().contains("welcome"));
                assertThat(recent)
                        .anyMatch(f -> f.path("direction").asString().equals("in")
                                && f.path("preview").asString().equals("{\"type\":\"ping\",\"id\":40}"));
            });
        }
    }

    @Test
    void aPreviewHoldsTheFirst120CharactersWhileBytesCountTheWholeFrame() {
        try (WsClient client = connect(token(unique("long-frame"), List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();
            String ping = "{\"type\":\"ping\",\"id\":\"" + "\u00e9".repeat(300) + "\"}";
            client.send(ping);
            client.next("pong");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode in = connection(id)
                        .path("recent")
                        .valueStream()
                        .filter(f -> f.path("direction").asString().equals("in"))
                        .findFirst()
                        .orElseThrow();
                assertThat(in.path("preview").asString()).isEqualTo(ping.substring(0, 120));
                assertThat(in.path("bytes").asLong()).isEqualTo(utf8(ping));
            });
        }
    }

    @Test
    void anUnknownConnectionIsNotFound() {
        assertProblem(api().get("/v1/api/connections/" + unique("nope")), 404, "not_found");
    }

    @Test
    void deletingAnUnknownConnectionIsNotFound() {
        assertProblem(api().delete("/v1/api/connections/" + unique("nope")), 404, "not_found");
    }

    @Test
    void deletingAConnectionClosesItWithTheGivenCodeAndReason() {
        String user = unique("delete-user");
        try (WsClient client = connect(token(user, List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            Api.Response response = api().delete("/v1/api/connections/" + id + "?code=4100&reason=maintenance");

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertThat(client.awaitClose(5)).isEqualTo(new WsClient.Closed(4100, "maintenance"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertProblem(api().get("/v1/api/connections/" + id), 404, "not_found");
                assertThat(connections("?user=" + user).path("total").asInt()).isZero();
            });
        }
    }

    @Test
    void deletingWithoutACodeClosesWith1000() {
        try (WsClient client = connect(token(unique("delete-default"), List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            assertThat(api().delete("/v1/api/connections/" + id).status()).isEqualTo(204);

            assertThat(client.awaitClose(5).code()).isEqualTo(1000);
        }
    }

    @Test
    void aReasonOfExactly123BytesReachesTheClient() {
        String reason = "\u00e9".repeat(61) + "x";
        assertThat(utf8(reason)).isEqualTo(123);
        try (WsClient client = connect(token(unique("delete-123"), List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            assertThat(api().delete("/v1/api/connections/" + id + "?code=3000&reason=" + encode(reason))
                            .status())
                    .isEqualTo(204);

            assertThat(client.awaitClose(5)).isEqualTo(new WsClient.Closed(3000, reason));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"999", "1001", "1011", "2000", "2999", "5000", "-1", "abc"})
    void aCloseCodeOtherThan1000Or3000To4999IsABadRequestAndClosesNothing(String code) {
        try (WsClient client = connect(token(unique("bad-code"), List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            assertProblem(api().delete("/v1/api/connections/" + id + "?code=" + code), 400, "bad_request");

            assertStillOpen(client, id);
        }
    }

    @Test
    void aReasonOver123BytesIsABadRequestAndClosesNothing() {
        try (WsClient client = connect(token(unique("long-reason"), List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();

            assertProblem(api().delete("/v1/api/connections/" + id + "?reason=" + "r".repeat(124)), 400, "bad_request");
            assertProblem(
                    api().delete("/v1/api/connections/" + id + "?reason=" + encode("\u00e9".repeat(62))),
                    400,
                    "bad_request");

            assertStillOpen(client, id);
        }
    }

    private void assertStillOpen(WsClient client, String id) {
        client.send("{\"type\":\"ping\",\"id\":\"still\"}");
        assertThat(client.next("pong").path("id").asString()).isEqualTo("still");
        assertThat(client.isClosed()).isFalse();
        assertThat(connection(id).path("state").asString()).isEqualTo("open");
    }

    private static void assertFrame(JsonNode frame, String direction, String kind, String text) {
        assertThat(frame.propertyNames()).containsExactlyInAnyOrder("direction", "kind", "bytes", "ts", "preview");
        assertThat(frame.path("direction").asString()).isEqualTo(direction);
        assertThat(frame.path("kind").asString()).isEqualTo(kind);
        assertThat(frame.path("bytes").asLong()).isEqualTo(utf8(text));
        assertThat(frame.path("preview").asString()).isEqualTo(text.length() > 120 ? text.substring(0, 120) : text);
    }

    private JsonNode connections(String query) {
        Api.Response response = api().get("/v1/api/connections" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode connection(String id) {
        Api.Response response = api().get("/v1/api/connections/" + id);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

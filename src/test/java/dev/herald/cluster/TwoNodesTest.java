package dev.herald.cluster;

import static dev.herald.testing.Names.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.Api;
import dev.herald.testing.HeraldNode;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two nodes on one Redis behave as one server: delivery, offsets, history, idempotency and admin. */
class TwoNodesTest extends TwoNodeClusterTest {

    @Test
    void aPublishOnNodeBReachesASubscriberOnNodeAInOrderWithOneSequenceOfOffsets() {
        String channel = unique("cross/orders");
        try (WsClient reader = a.connectClient("reader", "none");
                WsClient writer = b.connectClient("writer", "cross/**")) {
            assertThat(reader.subscribe(channel).path("offset").asLong()).isZero();

            List<Long> offsets = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                if (i % 2 == 0) {
                    offsets.add(b.api().publish(channel, "m" + i).path("offset").asLong());
                } else {
                    writer.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"m" + i + "\"}");
                    offsets.add(writer.next("published").path("offset").asLong());
                }
            }

            assertThat(offsets)
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 20)
                            .boxed()
                            .toList());
            for (int i = 1; i <= 20; i++) {
                JsonNode message = reader.next("message");
                assertThat(message.path("offset").asLong()).isEqualTo(i);
                assertThat(message.path("data").asString()).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void historyAndIdempotencyKeysAreSharedByTheNodes() {
        String channel = unique("cross/history");
        String key = UUID.randomUUID().toString();
        String body = "{\"channel\":\"" + channel + "\",\"data\":{\"n\":1}}";
        Api.Response first = a.api().post("/v1/api/publish", body, "Idempotency-Key", key);
        Api.Response again = b.api().post("/v1/api/publish", body, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());
        JsonNode history = b.api().get("/v1/api/history?channel=" + channel).json();
        assertThat(history.path("epoch").asString())
                .isEqualTo(first.json().path("epoch").asString());
        assertThat(history.path("messages")).hasSize(1);
        assertThat(history.path("messages").get(0).path("data").path("n").asInt())
                .isEqualTo(1);
    }

    @Test
    void theDeviceListOfAnyNodeShowsDevicesHeardByEveryNodeOnceWithTheNewestLevel() {
        String onlyA = unique("dev-a");
        String onlyB = unique("dev-b");
        String both = unique("dev-ab");
        a.api().post("/v1/api/devices/" + onlyA + "/levels", "{\"rmsDb\": -30, \"peakDb\": -20}");
        b.api().post("/v1/api/devices/" + onlyB + "/levels", "{\"rmsDb\": -31, \"peakDb\": -21}");
        a.api().post("/v1/api/devices/" + both + "/levels", "{\"rmsDb\": -40, \"peakDb\": -30}");
        long heardByA = System.currentTimeMillis();
        // node-b hears it later, by the clock the nodes share here
        await().atMost(Duration.ofSeconds(2)).until(() -> System.currentTimeMillis() > heardByA + 1);
        b.api().post("/v1/api/devices/" + both + "/levels", "{\"rmsDb\": -12, \"peakDb\": -6}");

        for (HeraldNode node : List.of(a, b)) {
            Map<String, JsonNode> listed = new HashMap<>();
            node.api()
                    .get("/v1/api/devices")
                    .json()
                    .path("devices")
                    .forEach(d -> assertThat(listed.put(d.path("deviceId").asString(), d))
                            .isNull());
            assertThat(listed).containsKeys(onlyA, onlyB, both);
            assertThat(listed.get(onlyB).path("rmsDb").asDouble()).isEqualTo(-31.0);
            assertThat(listed.get(both).path("rmsDb").asDouble())
                    .as("the newest level, heard by node-b")
                    .isEqualTo(-12.0);
        }
    }

    @Test
    void theConnectionListOfAnyNodeShowsEveryNodesConnectionsWithTheirNode() {
        String user = unique("lister");
        try (WsClient onA = a.connectClient(user, "none");
                WsClient onB = b.connectClient(user, "none")) {
            for (HeraldNode node : List.of(a, b)) {
                JsonNode list =
                        node.api().get("/v1/api/connections?user=" + user).json();
                assertThat(list.path("total").asInt()).isEqualTo(2);
                List<String> nodes = new ArrayList<>();
                list.path("connections").forEach(c -> nodes.add(c.path("node").asString()));
                assertThat(nodes).containsExactlyInAnyOrder("node-a", "node-b");
            }
        }
    }

    @Test
    void aConnectionOnNodeBIsShownAndClosedThroughNodeA() {
        try (WsClient onB = b.connect(b.api().createToken(unique("remote"), List.of("**"), List.of()))) {
            String id = onB.next("welcome").path("connectionId").asString();
            onB.subscribe(unique("remote/watch"));

            Api.Response shown = a.api().get("/v1/api/connections/" + id);
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.json().path("node").asString()).isEqualTo("node-b");
            assertThat(shown.json().path("recent").size()).isGreaterThanOrEqualTo(2);

            Api.Response closed = a.api().delete("/v1/api/connections/" + id + "?code=4100&reason=moved");
            assertThat(closed.status()).isEqualTo(204);
            WsClient.Closed how = onB.awaitClose(5);
            assertThat(how.code()).isEqualTo(4100);
            assertThat(how.reason()).isEqualTo("moved");
        }
        assertThat(a.api().get("/v1/api/connections/does-not-exist").status()).isEqualTo(404);
        assertThat(a.api().delete("/v1/api/connections/does-not-exist").status())
                .isEqualTo(404);
    }

    @Test
    void theNodeListShowsBothNodesWithTheirConnectionCounts() {
        try (WsClient onB = b.connectClient(unique("counted"), "none")) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode nodes = a.api().get("/v1/api/nodes").json();
                assertThat(nodes.path("total").asInt()).isEqualTo(2);
                Map<String, Integer> counts = new java.util.HashMap<>();
                nodes.path("nodes")
                        .forEach(n -> counts.put(
                                n.path("node").asString(), n.path("connections").asInt()));
                assertThat(counts).containsOnlyKeys("node-a", "node-b");
                assertThat(counts.get("node-b")).isGreaterThanOrEqualTo(1);
            });
        }
    }

    @Test
    void theChannelListCountsTheSubscribersOfEveryNode() {
        String channel = unique("cross/counted");
        try (WsClient onA = a.connectClient(unique("count-a"), "none");
                WsClient onB = b.connectClient(unique("count-b"), "none")) {
            onA.subscribe(channel);
            onB.subscribe(channel);
            b.api().publish(channel, "x");

            for (HeraldNode node : List.of(a, b)) {
                JsonNode channels = node.api().get("/v1/api/channels").json().path("channels");
                JsonNode entry = null;
                for (JsonNode c : channels) {
                    if (c.path("channel").asString().equals(channel)) {
                        entry = c;
                    }
                }
                assertThat(entry).as("channel in the list of %s", node.id()).isNotNull();
                assertThat(entry.path("subscribers").asInt()).isEqualTo(2);
                assertThat(entry.path("offset").asLong()).isEqualTo(1);
            }
        }
    }

    @Test
    void healthShowsTheRedisBrokerUp() {
        JsonNode health = a.api().get("/actuator/health").json();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components")
                        .path("broker")
                        .path("details")
                        .path("kind")
                        .asString())
                .isEqualTo("redis");
        assertThat(health.path("components").path("broker").path("status").asString())
                .isEqualTo("UP");
    }
}

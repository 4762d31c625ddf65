package dev.herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.HeraldNode;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A node stops; its clients reconnect to another node and recover what they missed from Redis. */
class NodeFailoverTest extends TwoNodeClusterTest {

    @Test
    void aClientOfAStoppedNodeReconnectsToAnotherAndRecoversWhatItMissedWithoutAGap() {
        String channel = "failover/orders";
        String token = b.api().createToken("survivor", List.of("**"), List.of());
        WsClient first = a.connect(token);
        first.next("welcome");
        JsonNode subscribed = first.subscribe(channel);
        String epoch = subscribed.path("epoch").asString();
        for (int i = 1; i <= 3; i++) {
            b.api().publish(channel, "m" + i);
        }
        long seen = 0;
        for (int i = 1; i <= 3; i++) {
            seen = first.next("message").path("offset").asLong();
        }

        a.close();
        assertThat(first.awaitClose(5).code()).isEqualTo(1001);
        for (int i = 4; i <= 6; i++) {
            b.api().publish(channel, "m" + i);
        }

        try (WsClient again = b.connect(token)) {
            assertThat(again.next("welcome").path("node").asString()).isEqualTo("node-b");
            again.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":{\"offset\":" + seen
                    + ",\"epoch\":\"" + epoch + "\"}}");
            JsonNode recovered = again.next("subscribed");
            assertThat(recovered.path("recovered").asBoolean()).isTrue();
            assertThat(recovered.path("offset").asLong()).isEqualTo(6);
            assertThat(recovered.path("epoch").asString()).isEqualTo(epoch);
            b.api().publish(channel, "m7");
            List<String> data = new ArrayList<>();
            for (long offset = 4; offset <= 7; offset++) {
                JsonNode message = again.next("message");
                assertThat(message.path("offset").asLong()).isEqualTo(offset);
                data.add(message.path("data").asString());
            }
            assertThat(data).containsExactly("m4", "m5", "m6", "m7");
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode nodes = b.api().get("/v1/api/nodes").json();
            List<String> ids = new ArrayList<>();
            nodes.path("nodes").forEach(n -> ids.add(n.path("node").asString()));
            assertThat(ids).containsExactly("node-b");
        });
    }

    @Test
    void aNodeThatStopsBeatingDropsOutOfTheNodeListWhenItsHeartbeatExpires() {
        try (RedisNode silent = new RedisNode(redis.port(), 100, Duration.ofMinutes(5))) {
            ClusterProperties quick =
                    new ClusterProperties(Duration.ofSeconds(1), Duration.ofMillis(800), Duration.ofSeconds(1));
            NodeRegistry registry = new NodeRegistry(
                    silent.redis,
                    tools.jackson.databind.json.JsonMapper.builder().build(),
                    new org.springframework.beans.factory.support.StaticListableBeanFactory()
                            .getBeanProvider(dev.herald.ws.ConnectionRegistry.class),
                    silent.executors,
                    new dev.herald.NodeProperties("crashed-node"),
                    quick);
            registry.beat();
            assertThat(ids(b)).contains("crashed-node");

            await().atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(ids(b)).doesNotContain("crashed-node"));
        }
    }

    private static List<String> ids(HeraldNode node) {
        List<String> ids = new ArrayList<>();
        node.api()
                .get("/v1/api/nodes")
                .json()
                .path("nodes")
                .forEach(n -> ids.add(n.path("node").asString()));
        return ids;
    }

    static Map<String, Integer> counts(JsonNode nodes) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        nodes.path("nodes")
                .forEach(n -> counts.put(
                        n.path("node").asString(), n.path("connections").asInt()));
        return counts;
    }
}

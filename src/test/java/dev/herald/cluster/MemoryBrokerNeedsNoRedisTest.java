package dev.herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import tools.jackson.databind.JsonNode;

/** With the default memory broker nothing of Redis is configured, although its client is on the class path. */
class MemoryBrokerNeedsNoRedisTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theMemoryBrokerRunsWithoutAnyRedisConnectionOrRedisHealth() {
        assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
        assertThat(context.getBeanNamesForType(RedisBroker.class)).isEmpty();
        JsonNode health = api().get("/actuator/health").json();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").has("redis")).isFalse();
        assertThat(health.path("components")
                        .path("broker")
                        .path("details")
                        .path("kind")
                        .asString())
                .isEqualTo("memory");
    }

    @Test
    void theNodeListOfTheMemoryBrokerIsThisOneNode() {
        JsonNode nodes = api().get("/v1/api/nodes").json();
        assertThat(nodes.path("total").asInt()).isEqualTo(1);
        assertThat(nodes.path("nodes").get(0).path("node").asString()).isEqualTo("test-node");
        assertThat(nodes.path("nodes").get(0).path("connections").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(nodes.path("nodes").get(0).path("startedAt").asLong()).isPositive();
    }
}

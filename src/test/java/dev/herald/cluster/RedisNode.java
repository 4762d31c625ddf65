package dev.herald.cluster;

import dev.herald.NodeProperties;
import dev.herald.channel.HistoryProperties;
import dev.herald.runtime.ExecutorsProperties;
import dev.herald.runtime.HeraldExecutors;
import dev.herald.ws.ConnectionRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis broker of one node with its own Redis connections, built by hand as the application builds
 * it, for tests of the broker alone. Several of these on one Redis are several nodes.
 */
final class RedisNode implements AutoCloseable {

    final LettuceConnectionFactory factory;
    final StringRedisTemplate redis;
    /** Herald's executors with their default sizes, as the application binds them. */
    final HeraldExecutors executors = new HeraldExecutors(
            new Binder().bindOrCreate("herald.executors", ExecutorsProperties.class), new SimpleMeterRegistry());

    final PubSub pubsub;
    final RedisBroker broker;

    RedisNode(int port, int historySize, Duration ttl) {
        factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder()
                        .commandTimeout(Duration.ofSeconds(2))
                        .build());
        factory.afterPropertiesSet();
        factory.start();
        redis = new StringRedisTemplate(factory);
        pubsub = new PubSub(factory, executors);
        pubsub.start();
        ClusterProperties cluster =
                new ClusterProperties(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1));
        NodeProperties node = new NodeProperties(null);
        NodeRegistry nodes = new NodeRegistry(
                redis,
                JsonMapper.builder().build(),
                new StaticListableBeanFactory().getBeanProvider(ConnectionRegistry.class),
                executors,
                node,
                cluster);
        ControlChannel control =
                new ControlChannel(redis, JsonMapper.builder().build(), nodes, executors, pubsub, node, cluster);
        broker = new RedisBroker(redis, pubsub, control, executors, new HistoryProperties(historySize, ttl));
        broker.start();
    }

    @Override
    public void close() {
        broker.stop();
        pubsub.stop();
        executors.destroy();
        factory.destroy();
    }
}

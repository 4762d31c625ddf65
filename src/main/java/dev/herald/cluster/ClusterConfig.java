package dev.herald.cluster;

import dev.herald.NodeProperties;
import dev.herald.channel.BrokerMode;
import dev.herald.channel.ConditionalOnBroker;
import dev.herald.channel.HistoryProperties;
import dev.herald.runtime.HeraldExecutors;
import dev.herald.volume.Devices;
import dev.herald.ws.ConnectionRegistry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis broker and everything a cluster of nodes shares, with {@code herald.broker=redis} only. Spring
 * Boot's own Redis configuration (connection factory from {@code spring.data.redis.*}, template, health)
 * applies then too, and only then ({@link RedisOnlyForTheRedisBroker}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBroker(BrokerMode.REDIS)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfig {

    /**
     * While Redis is away, commands fail at once instead of queueing until their timeout (a queued publish
     * could still run after its publisher was told 503). Lettuce keeps reconnecting, at most half a second apart,
     * so publishing resumes within about that much of Redis coming back.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer heraldClientOptions() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClientResourcesBuilderCustomizer heraldReconnectDelay() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS));
    }

    @Bean
    PubSub pubSub(LettuceConnectionFactory factory, HeraldExecutors executors) {
        return new PubSub(factory, executors);
    }

    @Bean
    NodeRegistry nodeRegistry(
            StringRedisTemplate redis,
            JsonMapper json,
            ObjectProvider<ConnectionRegistry> connections,
            HeraldExecutors executors,
            NodeProperties node,
            ClusterProperties properties) {
        return new NodeRegistry(redis, json, connections, executors, node, properties);
    }

    @Bean
    ControlChannel controlChannel(
            StringRedisTemplate redis,
            JsonMapper json,
            NodeRegistry nodes,
            HeraldExecutors executors,
            PubSub pubsub,
            NodeProperties node,
            ClusterProperties properties) {
        return new ControlChannel(redis, json, nodes, executors, pubsub, node, properties);
    }

    @Bean
    RedisBroker redisBroker(
            StringRedisTemplate redis,
            PubSub pubsub,
            ControlChannel control,
            HeraldExecutors executors,
            HistoryProperties history) {
        return new RedisBroker(redis, pubsub, control, executors, history);
    }

    @Bean
    ClusterDirectory clusterDirectory(
            ConnectionRegistry local, ControlChannel control, NodeRegistry nodes, JsonMapper json) {
        return new ClusterDirectory(local, control, nodes, json);
    }

    @Bean
    ClusterDevices clusterDevices(Devices devices, ControlChannel control, JsonMapper json) {
        return new ClusterDevices(devices, control, json);
    }
}

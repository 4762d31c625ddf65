package dev.herald.cluster;

import dev.herald.channel.BrokerMode;
import dev.herald.channel.BrokerProperties;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless {@code herald.broker=redis}, so that a node on
 * the memory broker neither connects to Redis nor reports it in its health, although the Redis starter is
 * on the class path. Of that configuration, Herald uses the blocking client and its health indicator only.
 */
public final class RedisOnlyForTheRedisBroker implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String REDIS = "org.springframework.boot.data.redis.autoconfigure.";
    private static final Set<String> USED =
            Set.of(REDIS + "DataRedisAutoConfiguration", REDIS + "health.DataRedisHealthContributorAutoConfiguration");
    private static final Set<String> UNUSED = Set.of(
            REDIS + "DataRedisReactiveAutoConfiguration",
            REDIS + "DataRedisRepositoriesAutoConfiguration",
            REDIS + "health.DataRedisReactiveHealthContributorAutoConfiguration",
            REDIS + "observation.LettuceObservationAutoConfiguration");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean redisBroker = BrokerProperties.of(environment) == BrokerMode.REDIS;
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) {
            String candidate = autoConfigurationClasses[i];
            match[i] = candidate == null || !UNUSED.contains(candidate) && (redisBroker || !USED.contains(candidate));
        }
        return match;
    }
}

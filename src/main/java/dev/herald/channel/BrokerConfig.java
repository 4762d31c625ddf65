package dev.herald.channel;

import dev.herald.runtime.HeraldExecutors;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BrokerConfig {

    /** How often the memory broker drops expired history and forgets idle channels. */
    private static final Duration SWEEP = Duration.ofSeconds(1);

    @Bean
    @ConditionalOnBroker(BrokerMode.MEMORY)
    MemoryBroker memoryBroker(HistoryProperties history, Clock clock, HeraldExecutors executors) {
        MemoryBroker broker = new MemoryBroker(history, clock);
        executors.every(SWEEP, "memory_broker.forget_idle_channels", broker::forgetIdleChannels);
        return broker;
    }
}

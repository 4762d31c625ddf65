package dev.herald.channel;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BrokerConfig {

    @Bean
    @ConditionalOnProperty(name = "herald.broker", havingValue = "memory", matchIfMissing = true)
    MemoryBroker memoryBroker(HistoryProperties history) {
        return new MemoryBroker(history);
    }
}

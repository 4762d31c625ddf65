package dev.herald.channel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BrokerConfig {

    @Bean
    @ConditionalOnBroker(BrokerMode.MEMORY)
    MemoryBroker memoryBroker(HistoryProperties history) {
        return new MemoryBroker(history);
    }
}

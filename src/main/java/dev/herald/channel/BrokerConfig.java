package dev.herald.channel;

import dev.herald.runtime.HeraldExecutors;
import dev.herald.transport.HandlerCalls;
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

    /**
     * A subscribe, publish or close on the memory broker only takes locks held for moments, so a transport may run
     * the handler's calls on its event loops; with Redis they wait for a round trip, which such a loop must not.
     */
    @Bean
    @ConditionalOnBroker(BrokerMode.MEMORY)
    HandlerCalls memoryBrokerHandlerCalls() {
        return HandlerCalls.NEVER_WAIT;
    }
}

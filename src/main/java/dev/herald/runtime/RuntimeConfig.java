package dev.herald.runtime;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RuntimeConfig {

    /** The wall clock of everything Herald times: token expiry, history windows, liveness. Tests move their own. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

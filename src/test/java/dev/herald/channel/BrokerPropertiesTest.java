package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.HeraldApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

class BrokerPropertiesTest {

    @Test
    void theBrokerIsTheMemoryBrokerWhenNothingIsSet() {
        assertThat(BrokerProperties.of(new MockEnvironment())).isEqualTo(BrokerMode.MEMORY);
    }

    @Test
    void theBrokerModeIsReadInAnyCase() {
        assertThat(BrokerProperties.of(new MockEnvironment().withProperty("herald.broker", "redis")))
                .isEqualTo(BrokerMode.REDIS);
        assertThat(BrokerProperties.of(new MockEnvironment().withProperty("herald.broker", "REDIS")))
                .isEqualTo(BrokerMode.REDIS);
        assertThat(BrokerProperties.of(new MockEnvironment().withProperty("herald.broker", "Memory")))
                .isEqualTo(BrokerMode.MEMORY);
    }

    @Test
    void anUnknownBrokerStopsTheStartWithAMessageNamingTheSettingAndTheValidValues() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(HeraldApplication.class)
                        .properties(
                                "server.port=0",
                                "server.address=127.0.0.1",
                                "spring.main.banner-mode=off",
                                "spring.jmx.enabled=false")
                        .run("--herald.broker=kafka")
                        .close())
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(messages(e)).contains("herald.broker must be memory or redis, not 'kafka'"));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}

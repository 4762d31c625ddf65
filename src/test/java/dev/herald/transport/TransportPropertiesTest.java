package dev.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class TransportPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TransportProperties.class)
    static class Bound {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void theWriteWindowIs30MillisecondsUnlessSet() {
        runner.run(
                context -> assertThat(context.getBean(TransportProperties.class).writeWindow())
                        .isEqualTo(Duration.ofMillis(30)));
        runner.withPropertyValues("herald.transport.write-window=0")
                .run(context -> assertThat(
                                context.getBean(TransportProperties.class).writeWindow())
                        .isZero());
    }

    @Test
    void aWriteWindowOverASecondOrBelowZeroStopsTheStart() {
        for (String window : new String[] {"2s", "-1ms"}) {
            runner.withPropertyValues("herald.transport.write-window=" + window)
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("herald.transport.write-window"));
        }
    }
}

package dev.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Operators see which frame writer Herald chose: in {@code /actuator/info} and as an info gauge. On Tomcat it
 * is the gathered writer unless {@code herald.transport.writer=standard} (which the build's second test run
 * sets for the whole WebSocket suite).
 */
class TransportChoiceTest extends IntegrationTest {

    @Autowired
    Environment environment;

    @Autowired
    FrameWriters writers;

    private String expectedWriter() {
        return "standard".equalsIgnoreCase(environment.getProperty("herald.transport.writer"))
                ? "standard"
                : "gathered";
    }

    private String expectedSockets() {
        return environment.getProperty("herald.transport.event-loop", Boolean.class, true) ? "event-loop" : "container";
    }

    @Test
    void theWriterChosenAtStartIsTheContainersOwnUnlessStandardIsAskedFor() {
        assertThat(writers.name()).isEqualTo(expectedWriter());
    }

    @Test
    void theInfoEndpointNamesTheWriter() {
        var info = api().get("/actuator/info");

        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("transport").path("writer").asString()).isEqualTo(expectedWriter());
        assertThat(info.json().path("transport").path("sockets").asString()).isEqualTo(expectedSockets());
    }

    @Test
    void theInfoGaugeNamesTheWriterAndFallbacksAreCountedFromZero() {
        String scrape = api().get("/actuator/prometheus").body();

        assertThat(scrape)
                .contains("herald_transport_info{sockets=\"" + expectedSockets() + "\",writer=\"" + expectedWriter()
                        + "\"} 1");
        for (String reason : TransportFallbacks.REASONS) {
            assertThat(scrape).contains("herald_transport_fallbacks_total{reason=\"" + reason + "\"} 0.0");
        }
    }
}

package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class UpgradeObservationTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void anUpgradeIsNotTimedAsAnHttpRequestWhileRestCallsStillAre() {
        String token = token("not-observed", List.of("**"), List.of());
        try (WsClient client = connect(token)) {
            client.next("welcome");
        }

        assertThat(meters.find("http.server.requests")
                        .tag("uri", "/v1/api/createtoken")
                        .timers())
                .isNotEmpty();
        assertThat(meters.find("http.server.requests").tag("status", "101").timers())
                .isEmpty();
    }
}

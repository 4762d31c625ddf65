package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/** {@code herald.transport.direct-upgrade=false} sends every upgrade through Spring's handshake. */
@TestPropertySource(properties = "herald.transport.direct-upgrade=false")
class DirectUpgradeSwitchTest extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void switchedOffTheConnectorTakesNoUpgradeItselfAndClientsStillConnect() {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();

        assertThat(server.getTomcat().getConnector().findUpgradeProtocols())
                .noneMatch(DirectUpgradeProtocol.class::isInstance);
        try (WsClient client = connect(token("switched-off", List.of("**"), List.of()))) {
            assertThat(client.next("welcome").path("connectionId").asString()).isNotEmpty();
        }
    }
}

package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Names;
import dev.herald.testing.RawWebSocket;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * When Spring's forwarded-header filter reads forwarded headers ({@code server.forward-headers-strategy=framework}),
 * an upgrade that carries them takes the servlet's way, where the filter runs.
 */
// Tomcat's own direct way: without the event loops' front door, which would take the plain upgrade first
@TestPropertySource(properties = {"server.forward-headers-strategy=framework", "herald.transport.event-loop=false"})
class DirectUpgradeFrameworkForwardingTest extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void anUpgradeWithForwardedHeadersTakesTheServletsWayWhereTheFilterReadsThem() throws IOException {
        String user = Names.unique("filtered");
        long before = DirectUpgradeTest.protocol(context).taken();

        String address = DirectUpgradeTest.listedAddress(
                port, api(), user, token(user, List.of("**"), List.of()), "X-Forwarded-For: 203.0.113.7");

        assertThat(address).startsWith("203.0.113.7:");
        assertThat(DirectUpgradeTest.protocol(context).taken()).isEqualTo(before);
    }

    @Test
    void anUpgradeWithoutThemIsStillTakenDirectly() {
        long before = DirectUpgradeTest.protocol(context).taken();

        try (RawWebSocket client = RawWebSocket.open(port, "/v1/ws")) {
            assertThat(client).isNotNull();
        }

        assertThat(DirectUpgradeTest.protocol(context).taken()).isEqualTo(before + 1);
    }
}

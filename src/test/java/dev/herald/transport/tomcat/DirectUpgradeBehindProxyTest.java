package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Behind a proxy that Catalina's {@code RemoteIpValve} reads ({@code server.forward-headers-strategy=native}, as
 * behind the nginx of docker-compose.yml, which sends every upgrade with forwarded headers), client upgrades are
 * still taken directly, with the valve's reading of who sent them and to which origin.
 */
@TestPropertySource(properties = "server.forward-headers-strategy=native")
class DirectUpgradeBehindProxyTest extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void anUpgradeThroughTheProxyIsTakenDirectlyAndListedWithTheAddressTheValveReads() throws IOException {
        String user = Names.unique("proxied");
        long before = DirectUpgradeTest.protocol(context).taken();

        // 10.0.0.2 is an internal proxy by the valve's default, so the client is the address before it
        String address = DirectUpgradeTest.listedAddress(
                port,
                api(),
                user,
                token(user, List.of("**"), List.of()),
                "X-Forwarded-For: 203.0.113.7, 10.0.0.2",
                "X-Forwarded-Proto: http");

        assertThat(address).startsWith("203.0.113.7:");
        assertThat(DirectUpgradeTest.protocol(context).taken()).isEqualTo(before + 1);
    }

    @Test
    void aPageOfTheProxysPublicOriginIsTakenDirectly() {
        long before = DirectUpgradeTest.protocol(context).taken();

        try (RawWebSocket page = RawWebSocket.open(port, "/v1/ws", 0, publicOrigin("https://herald.example"))) {
            assertThat(page).isNotNull();
        }

        assertThat(DirectUpgradeTest.protocol(context).taken()).isEqualTo(before + 1);
    }

    @Test
    void aPageOfTheNodesOwnAddressSeenThroughTheProxyIsRefusedAsOnTheServletsWay() {
        long before = DirectUpgradeTest.protocol(context).taken();

        assertThatThrownBy(() -> RawWebSocket.open(port, "/v1/ws", 0, publicOrigin("http://127.0.0.1:" + port)))
                .hasMessageContaining("HTTP/1.1 403");

        assertThat(DirectUpgradeTest.protocol(context).taken()).isEqualTo(before);
    }

    /** The headers nginx sends for a page at https://herald.example, and the page's Origin. */
    private static String[] publicOrigin(String origin) {
        return new String[] {
            "X-Forwarded-For: 203.0.113.7",
            "X-Forwarded-Proto: https",
            "X-Forwarded-Host: herald.example",
            "X-Forwarded-Port: 443",
            "Origin: " + origin
        };
    }
}

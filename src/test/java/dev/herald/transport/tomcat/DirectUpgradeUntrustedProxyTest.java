package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Names;
import dev.herald.testing.RawWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The direct way reads forwarded headers with the server's own valve settings: a peer that is not one of the
 * configured proxies is not believed, as Catalina's valve would not believe it.
 */
@TestPropertySource(
        properties = {
            "server.forward-headers-strategy=native",
            "server.tomcat.remoteip.internal-proxies=10\\\\.9\\\\.9\\\\.9"
        })
class DirectUpgradeUntrustedProxyTest extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void forwardedHeadersFromAPeerThatIsNoConfiguredProxyAreNotBelieved() throws IOException {
        String user = Names.unique("untrusted");
        long before = DirectUpgradeTest.protocol(context).taken();
        try (RawWebSocket client = RawWebSocket.open(
                port, "/v1/ws?token=" + token(user, List.of("**"), List.of()), 0, "X-Forwarded-For: 203.0.113.7")) {
            assertThat(client.read(Duration.ofSeconds(5)).text()).contains("\"welcome\"");

            JsonNode listed = api().get("/v1/api/connections?user=" + user).json();

            assertThat(listed.path("connections").get(0).path("remoteAddress").asString())
                    .startsWith("127.0.0.1:");
        }
        assertThat(DirectUpgradeTest.protocol(context).taken()).isEqualTo(before + 1);
    }
}

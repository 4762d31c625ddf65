package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Names;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

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

        String address = DirectUpgradeTest.listedAddress(
                port, api(), user, token(user, List.of("**"), List.of()), "X-Forwarded-For: 203.0.113.7");

        assertThat(address).startsWith("127.0.0.1:");
        assertThat(DirectUpgradeTest.protocol(context).taken()).isEqualTo(before + 1);
    }
}

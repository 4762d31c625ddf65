package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HeraldApplication;
import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs its own Herald, since stopping the shared test application would break the other tests. */
class GracefulShutdownTest {

    @Test
    void stoppingTheServerClosesEveryConnectionWith1001() {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(HeraldApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "herald.security.api-keys=" + IntegrationTest.API_KEY,
                        "herald.token.secret=" + IntegrationTest.SECRET,
                        "herald.node.id=stopping-node",
                        "logging.level.dev.herald=WARN",
                        "spring.main.banner-mode=off")
                .run();
        WsClient first = null;
        WsClient second = null;
        try {
            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            Api api = new Api(port, IntegrationTest.API_KEY);
            first = WsClient.connect(port, api.createToken("first", List.of("**"), List.of()));
            second = WsClient.connect(port, api.createToken("second", List.of("**"), List.of()));
            first.next("welcome");
            second.next("welcome");
            first.subscribe("shutdown/news");

            app.close();

            assertThat(first.awaitClose(5)).isEqualTo(new WsClient.Closed(1001, "server shutting down"));
            assertThat(second.awaitClose(5)).isEqualTo(new WsClient.Closed(1001, "server shutting down"));
        } finally {
            app.close();
            if (first != null) {
                first.abort();
            }
            if (second != null) {
                second.abort();
            }
        }
    }
}

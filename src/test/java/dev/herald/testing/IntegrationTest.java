package dev.herald.testing;

import java.util.List;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of tests that start Herald on a random port of 127.0.0.1 and talk to it over real sockets. Tests
 * that share these settings share one running application.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "herald.security.api-keys=" + IntegrationTest.API_KEY,
            "herald.token.secret=" + IntegrationTest.SECRET,
            "herald.node.id=test-node",
            "herald.volume.simulator.enabled=false",
            "logging.level.dev.herald=WARN"
        })
@AutoConfigureMetrics
public abstract class IntegrationTest {

    public static final String API_KEY = "test-api-key-for-herald";
    public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";

    @LocalServerPort
    protected int port;

    protected Api api() {
        return new Api(port, API_KEY);
    }

    /** A token for {@code user} with the given subscribe and publish patterns. */
    protected String token(String user, List<String> subscribe, List<String> publish) {
        return api().createToken(user, subscribe, publish);
    }

    protected WsClient connect(String token) {
        return WsClient.connect(port, token);
    }

    /** A connected client that may publish to channels matching {@code pattern} and read none, welcome consumed. */
    protected WsClient connectPublisher(String user, String pattern) {
        WsClient client = connect(token(user, List.of(), List.of(pattern)));
        client.next("welcome");
        return client;
    }

    /** A connected client of a fresh user that may read everything and publish nowhere, welcome consumed. */
    protected WsClient connectReader(String user) {
        WsClient client = connect(token(user, List.of("**"), List.of()));
        client.next("welcome");
        return client;
    }
}

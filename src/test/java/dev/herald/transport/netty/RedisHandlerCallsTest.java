package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.HeraldNode;
import dev.herald.testing.TestRedis;
import dev.herald.testing.WsClient;
import dev.herald.transport.AdoptedSockets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the Redis broker a subscribe reads history and a close unsubscribes over the network, so the event loops
 * hand the handler's calls to Tomcat's request threads instead of running them; the connection is served the same.
 */
class RedisHandlerCallsTest {

    @Test
    void withTheRedisBrokerTheHandlersCallsAreHandedOffTheEventLoopAndTheConnectionIsServed() {
        try (TestRedis redis = TestRedis.start();
                HeraldNode node = HeraldNode.start("hand-off", redis.port(), "herald.transport.event-loop=true")) {
            NettySockets sockets = (NettySockets) node.bean(AdoptedSockets.class);
            long answered = sockets.answered();

            try (WsClient client = node.connectClient("hand-off", "none")) {
                client.subscribe("hand-off/news");
                node.api().publish("hand-off/news", Map.of("n", 1));

                assertThat(client.next("message").path("data").path("n").asInt())
                        .isEqualTo(1);
            }
            assertThat(sockets.handsCallsOff()).isTrue();
            assertThat(sockets.answered()).isEqualTo(answered + 1);
        }
    }
}

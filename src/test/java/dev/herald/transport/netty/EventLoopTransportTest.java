package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import dev.herald.transport.AdoptedSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With {@code herald.transport.event-loop}, Tomcat answers a client's upgrade and hands its socket to Netty's
 * event loops, which serve the connection from then on; Tomcat forgets it once it closes.
 */
@TestPropertySource(properties = "herald.transport.event-loop=true")
class EventLoopTransportTest extends IntegrationTest {

    @Autowired
    AdoptedSockets sockets;

    @Autowired
    WebServerApplicationContext context;

    @Test
    void aPlainUpgradeIsAnsweredAndServedByTheFrontDoor() {
        long answered = nettySockets().answered();
        try (WsClient reader = connect(token("loop-reader", List.of("loop/**"), List.of()))) {
            reader.next("welcome");
            reader.subscribe("loop/news");
            api().publish("loop/news", Map.of("n", 1));

            JsonNode message = reader.next("message");

            assertThat(message.path("data").path("n").asInt()).isEqualTo(1);
        }
        assertThat(nettySockets().answered()).isEqualTo(answered + 1);
    }

    @Test
    void theFrontDoorsAnswerIsAProperSwitchWithTheAcceptKeyOfRfc6455() throws IOException {
        String token = token("loop-rfc", List.of("**"), List.of());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(PlainUpgrade.request(port, token));
            StringBuilder answer = new StringBuilder();
            while (answer.indexOf("\r\n\r\n") < 0) {
                answer.append((char) socket.getInputStream().read());
            }

            assertThat(answer.toString()).startsWith("HTTP/1.1 101 ");
            assertThat(answer.toString().toLowerCase()).contains("upgrade: websocket", "connection: upgrade");
            assertThat(answer.toString()).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    @Test
    void anUpgradeThroughAProxyIsTomcatsToReadAndThenRunsOnTheEventLoops() {
        long adopted = nettySockets().adopted();
        long answered = nettySockets().answered();
        try (RawWebSocket client = RawWebSocket.open(
                port,
                "/v1/ws?token=" + token("loop-proxied", List.of("**"), List.of()),
                0,
                "X-Forwarded-For: 203.0.113.9")) {
            assertThat(client.read(Duration.ofSeconds(5)).text()).contains("\"welcome\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(nettySockets().adopted()).isEqualTo(adopted + 1);
        assertThat(nettySockets().answered()).isEqualTo(answered);
    }

    @Test
    void requestsThatAreNotUpgradesAreGivenBackToTomcatWholeHoweverTheyArrive() {
        // bodies larger than the front door's first read: the rest arrives while Tomcat takes the socket over
        String pad = "x".repeat(20_000);
        for (int i = 0; i < 30; i++) {
            JsonNode published = api().publish("loop/rest", Map.of("i", i, "pad", pad));
            assertThat(published.path("channel").asString()).isEqualTo("loop/rest");
        }
        assertThat(api().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void tomcatForgetsEachConnectionOnceItClosesWhoeverClosedIt() {
        // Tomcat's count also holds the test's own HTTP connections, which come and go: a few at most
        int slack = 5;
        long open = tomcatConnections();
        List<WsClient> clients = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            WsClient client = connect(token("loop-many", List.of("**"), List.of()));
            ids.add(client.next("welcome").path("connectionId").asString());
            clients.add(client);
        }
        assertThat(tomcatConnections()).isGreaterThanOrEqualTo(open + 40 - slack);

        for (int i = 0; i < 40; i++) {
            if (i % 2 == 0) {
                clients.get(i).close();
            } else {
                assertThat(api().delete("/v1/api/connections/" + ids.get(i)).status())
                        .isEqualTo(204);
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> tomcatConnections() <= open + slack);
        clients.forEach(WsClient::close);
    }

    @Test
    void framesSentTogetherWithTheUpgradeRequestAreRead() throws IOException {
        byte[] subscribe = RawWebSocket.frame(
                0x80 | RawWebSocket.TEXT,
                "{\"type\":\"subscribe\",\"channel\":\"loop/early\",\"id\":\"s1\"}".getBytes(StandardCharsets.UTF_8),
                true);
        String path = "/v1/ws?token=" + token("loop-early", List.of("loop/**"), List.of());
        try (RawWebSocket client = RawWebSocket.open(port, path, 0, subscribe)) {
            assertThat(client.read(Duration.ofSeconds(5)).text()).contains("\"welcome\"");
            assertThat(client.read(Duration.ofSeconds(5)).text()).contains("\"subscribed\"", "\"s1\"");
        }
    }

    @Test
    void withTheMemoryBrokerTheHandlersCallsRunOnTheEventLoopWithoutAHandOff() {
        assertThat(nettySockets().handsCallsOff()).isFalse();
    }

    private NettySockets nettySockets() {
        return (NettySockets) sockets;
    }

    /** Connections Tomcat counts toward its limit: the ones it serves and the ones it handed over. */
    private long tomcatConnections() {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        return ((AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler()).getConnectionCount();
    }
}

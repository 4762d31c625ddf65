package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.IntegrationTest;
import dev.herald.transport.AdoptedSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * In a storm the node's rate refuses upgrades by the thousand: the front door answers those itself, as the
 * servlet's way would (503 problem+json with Retry-After), closes the connection and gives Tomcat its place back.
 */
@TestPropertySource(properties = {"herald.transport.event-loop=true", "herald.limits.connections-per-second=1"})
class FrontDoorRefusalTest extends IntegrationTest {

    @Autowired
    AdoptedSockets sockets;

    @Autowired
    WebServerApplicationContext context;

    @Test
    void anUpgradeAboveTheRateIsRefusedByTheFrontDoorWhichThenClosesAndReleasesTheConnection() throws IOException {
        NettySockets door = (NettySockets) sockets;
        String token = token("door-refused", List.of("**"), List.of());
        long before = tomcatConnections();
        long refusedBefore = door.refused();
        List<Socket> accepted = new ArrayList<>();
        String answer = "";
        try {
            // at 1 a second after a burst of 5, 20 in a row cannot all pass (bounded)
            for (int i = 0; i < 20 && !answer.startsWith("HTTP/1.1 503"); i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(PlainUpgrade.request(port, token));
                answer = answer(socket.getInputStream());
                if (answer.startsWith("HTTP/1.1 101")) {
                    accepted.add(socket);
                } else {
                    socket.close();
                }
            }

            assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
            assertThat(answer).containsPattern("\r\nRetry-After: [1-6]\r\n");
            assertThat(answer).contains("Content-Type: application/problem+json\r\n", "Connection: close\r\n");
            assertThat(answer)
                    .endsWith("\"status\":503,"
                            + "\"detail\":\"too many connections are being opened on this node; retry later\","
                            + "\"code\":\"unavailable\"}");
            assertThat(door.refused()).isEqualTo(refusedBefore + 1);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(tomcatConnections()).isEqualTo(before + accepted.size()));
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** A 101's head, or a refusal's whole answer read until the server closes (bounded by the timeout). */
    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            bytes.write(b);
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            if (text.startsWith("HTTP/1.1 101") && text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private long tomcatConnections() {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        return ((AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler()).getConnectionCount();
    }
}

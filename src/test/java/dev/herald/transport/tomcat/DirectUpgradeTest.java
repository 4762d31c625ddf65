package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Names;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Client upgrades that need no refusal are taken in Tomcat's HTTP processor, before the servlet layers; every
 * other upgrade goes on to Spring's handshake, which answers it as before.
 */
// Tomcat's own direct way, which serves upgrades the event loops' front door gives back (and all of them without
// it): the front door is off here, so that plain upgrades reach it (EventLoopTransportTest has the front door's)
@TestPropertySource(properties = "herald.transport.event-loop=false")
class DirectUpgradeTest extends IntegrationTest {

    /** RFC 6455, section 1.3: the key of its example and the accept value the server must answer. */
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: (\\d+)");

    @Autowired
    WebServerApplicationContext context;

    @Test
    void aClientWithAValidTokenIsUpgradedDirectlyAndServedAsOnTheServletsWay() {
        long before = protocol(context).taken();
        try (WsClient reader = connect(token("direct-reader", List.of("direct/**"), List.of()))) {
            reader.next("welcome");
            reader.subscribe("direct/news");
            api().publish("direct/news", Map.of("n", 1));

            JsonNode message = reader.next("message");

            assertThat(message.path("channel").asString()).isEqualTo("direct/news");
            assertThat(message.path("data").path("n").asInt()).isEqualTo(1);
        }
        assertThat(protocol(context).taken()).isEqualTo(before + 1);
    }

    @Test
    void theDirectAnswerIsAProperSwitchWithTheAcceptKeyOfRfc6455() throws IOException {
        long before = protocol(context).taken();

        String answer = upgrade("/v1/ws");

        assertThat(answer).startsWith("HTTP/1.1 101 ");
        assertThat(answer.toLowerCase()).contains("upgrade: websocket", "connection: upgrade");
        assertThat(answer).contains("Sec-WebSocket-Accept: " + RFC_ACCEPT);
        assertThat(protocol(context).taken()).isEqualTo(before + 1);
    }

    @Test
    void aRefusedUpgradeIsDeclinedAndAnsweredOnceWithProblemJsonBySpringsHandshake() throws IOException {
        long before = protocol(context).taken();
        double refusedBefore = rejected("invalid_token");

        String answer = upgrade("/v1/ws?token=not-a-token");

        assertThat(answer).startsWith("HTTP/1.1 401 ");
        assertThat(answer).contains("application/problem+json", "the token is not valid");
        assertThat(protocol(context).taken()).isEqualTo(before);
        assertThat(rejected("invalid_token")).isEqualTo(refusedBefore + 1);
    }

    @Test
    void aPageOfHeraldsOwnOriginIsUpgradedDirectly() throws IOException {
        long before = protocol(context).taken();

        String answer = upgrade("/v1/ws", "Origin: http://127.0.0.1:" + port);

        assertThat(answer).startsWith("HTTP/1.1 101 ");
        assertThat(protocol(context).taken()).isEqualTo(before + 1);
    }

    @Test
    void forwardedHeadersThatTheServerDoesNotReadAreIgnoredAsOnTheServletsWay() throws IOException {
        String user = Names.unique("unproxied");
        long before = protocol(context).taken();

        String address =
                listedAddress(port, api(), user, token(user, List.of("**"), List.of()), "X-Forwarded-For: 203.0.113.7");

        assertThat(address).startsWith("127.0.0.1:");
        assertThat(protocol(context).taken()).isEqualTo(before + 1);
    }

    @Test
    void upgradesOfferingASubprotocolOrFromAnotherOriginTakeTheServletsWay() throws IOException {
        long before = protocol(context).taken();

        String subprotocol = upgrade("/v1/ws", "Sec-WebSocket-Protocol: chat");
        String ownOriginWrittenDifferently = upgrade("/v1/ws", "Origin: http://127.0.0.1:" + port + "/");
        String otherOrigin = upgrade("/v1/ws", "Origin: http://elsewhere.example");

        assertThat(List.of(subprotocol, ownOriginWrittenDifferently))
                .allSatisfy(answer ->
                        assertThat(answer).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Accept: " + RFC_ACCEPT));
        assertThat(otherOrigin).startsWith("HTTP/1.1 403 ").contains("application/problem+json");
        assertThat(protocol(context).taken()).isEqualTo(before);
    }

    @Test
    void otherPathsAndVersionsAndRequestsWithTwoHostsAreLeftToTheServletLayers() throws IOException {
        long before = protocol(context).taken();

        String ingest = upgrade("/v1/ingest/cam-1");
        String oldVersion = upgrade("/v1/ws", "Sec-WebSocket-Version: 8");
        String twoHosts = upgrade("/v1/ws", "Host: elsewhere.example");

        assertThat(ingest).startsWith("HTTP/1.1 401 ");
        assertThat(oldVersion).startsWith("HTTP/1.1 426 ");
        assertThat(twoHosts).startsWith("HTTP/1.1 400 ");
        assertThat(protocol(context).taken()).isEqualTo(before);
    }

    /**
     * Opens a client upgrade with {@code headers} (as a proxy sends them), waits for its welcome, and returns the
     * remote address that the connection list shows for it.
     */
    static String listedAddress(int port, Api api, String user, String token, String... headers) throws IOException {
        try (RawWebSocket client = RawWebSocket.open(port, "/v1/ws?token=" + token, 0, headers)) {
            assertThat(client.read(Duration.ofSeconds(5)).text()).contains("\"welcome\"");
            return api.get("/v1/api/connections?user=" + user)
                    .json()
                    .path("connections")
                    .get(0)
                    .path("remoteAddress")
                    .asString();
        }
    }

    static DirectUpgradeProtocol protocol(WebServerApplicationContext context) {
        return Arrays.stream(((TomcatWebServer) context.getWebServer())
                        .getTomcat()
                        .getConnector()
                        .findUpgradeProtocols())
                .filter(DirectUpgradeProtocol.class::isInstance)
                .map(DirectUpgradeProtocol.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private double rejected(String reason) {
        String metrics = api().get("/actuator/prometheus").body();
        return metrics.lines()
                .filter(line -> line.startsWith("herald_handshakes_rejected_total")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Sends an upgrade with the RFC's key (later headers of the same name replace the defaults) and returns
     * the answer's head, and its body when it announces its length (as refusals do).
     */
    private String upgrade(String pathAndQuery, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + RFC_KEY + "\r\n");
        if (Arrays.stream(headers).noneMatch(h -> h.startsWith("Sec-WebSocket-Version:"))) {
            request.append("Sec-WebSocket-Version: 13\r\n");
        }
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (!answer.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                answer.write(in.read());
            }
            String head = answer.toString(StandardCharsets.US_ASCII);
            if (head.startsWith("HTTP/1.1 101 ")) {
                return head;
            }
            Matcher length = CONTENT_LENGTH.matcher(head);
            return length.find()
                    ? head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8)
                    : head;
        }
    }
}

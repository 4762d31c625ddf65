package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Names;
import dev.herald.testing.RawWebSocket;
import dev.herald.testing.WsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How frames go on the wire: encoded once, uncompressed, and still correct text for every reader. */
class FrameEncodingTest extends IntegrationTest {

    @Test
    void textOutsideAsciiReachesEverySubscriberIntact() {
        String channel = Names.unique("encoding");
        String text = "Grüße, 東京, emoji \uD83C\uDFA7, and a \"quote\"";
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient client = connectReader(Names.unique("enc"));
                client.subscribe(channel);
                clients.add(client);
            }
            api().publish(channel, Map.of("text", text));
            for (WsClient client : clients) {
                JsonNode message = client.next("message");
                assertThat(message.get("data").get("text").asString()).isEqualTo(text);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void aMessageSentInFragmentsThatSplitCharactersArrivesWhole() throws IOException {
        String channel = Names.unique("encoding/fragments");
        String text = "é€\uD83C\uDFA7";
        byte[] publish = ("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"" + text
                        + "\",\"id\":\"f1\"}")
                .getBytes(StandardCharsets.UTF_8);
        int tail = "\",\"id\":\"f1\"}".length();
        int first = publish.length - tail - 4 - 2; // after the first of the euro sign's 3 bytes
        int second = publish.length - tail - 2; // after the first 2 of the emoji's 4
        try (WsClient reader = connectReader(Names.unique("fragments"));
                RawWebSocket publisher = RawWebSocket.open(
                        port, "/v1/ws?token=" + token("fragmenter", List.of(), List.of("encoding/**")))) {
            reader.subscribe(channel);
            assertThat(publisher.read(Duration.ofSeconds(5)).text()).contains("\"welcome\"");

            publisher.sendRaw(RawWebSocket.frame(RawWebSocket.TEXT, Arrays.copyOfRange(publish, 0, first), true));
            publisher.sendRaw(RawWebSocket.frame(0x00, Arrays.copyOfRange(publish, first, second), true));
            publisher.sendRaw(RawWebSocket.frame(0x80, Arrays.copyOfRange(publish, second, publish.length), true));

            assertThat(publisher.read(Duration.ofSeconds(5)).text()).contains("\"published\"", "\"f1\"");
            assertThat(reader.next("message").get("data").asString()).isEqualTo(text);
        }
    }

    @Test
    void theServerDeclinesPermessageDeflateThatBrowsersOffer() throws IOException {
        String token = token("deflate", List.of("**"), List.of());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String request = "GET /v1/ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> headers = new ArrayList<>();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                headers.add(line.toLowerCase());
            }
            assertThat(headers.get(0)).startsWith("http/1.1 101");
            assertThat(headers).noneMatch(h -> h.startsWith("sec-websocket-extensions"));
        }
    }
}

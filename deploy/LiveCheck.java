import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The live part of deploy/check.sh: through nginx, WebSocket clients reach both nodes, and a message published
 * on one node reaches a subscriber on the other.
 *
 * java deploy/LiveCheck.java http://127.0.0.1:<nginx> <api-key>
 */
public class LiveCheck {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String proxy = args[0];
        String key = args[1];
        String token = field(post(proxy + "/v1/api/createtoken", key, "{\"UserName\":\"live-check\"}"), "token");
        String channel = "check/live-" + System.nanoTime();

        // least_conn spreads new connections: open clients until both nodes have one
        Client first = Client.open(proxy, token);
        Client second = null;
        for (int i = 0; i < 10 && second == null; i++) {
            Client next = Client.open(proxy, token);
            if (!next.node.equals(first.node)) {
                second = next;
            }
        }
        check(second != null, "WebSocket upgrades through nginx reach two nodes: " + first.node
                + (second == null ? "" : " and " + second.node));
        first.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        check(first.next().contains("\"subscribed\""), "a client subscribes through nginx on " + first.node);
        second.send("{\"type\":\"ping\"}");
        check(second.next().contains("\"pong\""), "a client on " + second.node + " answers through nginx");

        // a client of the other node publishes? It needs a publish grant: publish over REST instead, which
        // nginx sends to either node; a WebSocket-published message would go the same way through Redis
        String publisherToken = field(post(proxy + "/v1/api/createtoken", key,
                "{\"UserName\":\"live-publisher\",\"Subscribe\":[],\"Publish\":[\"check/**\"]}"), "token");
        Client publisher = null;
        for (int i = 0; i < 10 && publisher == null; i++) {
            Client next = Client.open(proxy, publisherToken);
            if (!next.node.equals(first.node)) {
                publisher = next;
            }
        }
        check(publisher != null, "a publishing client connected to the other node");
        publisher.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":{\"via\":\"" + publisher.node + "\"}}");
        check(publisher.next().contains("\"published\""), "published on " + publisher.node);
        String message = first.next();
        check(message.contains("\"type\":\"message\"") && message.contains(publisher.node),
                "the message published on " + publisher.node + " reached the subscriber on " + first.node);

        String nodes = get(proxy + "/v1/api/nodes", key);
        check(nodes.contains(first.node) && nodes.contains(second.node), "GET /v1/api/nodes through nginx: " + nodes);
        System.out.println("live check passed");
        System.exit(0);
    }

    static void check(boolean ok, String what) {
        System.out.println((ok ? "ok   " : "FAIL ") + what);
        if (!ok) {
            System.exit(1);
        }
    }

    static String post(String url, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static String get(String url, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", key).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }

    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final StringBuilder text = new StringBuilder();
        WebSocket socket;
        String node;

        static Client open(String base, String token) throws Exception {
            Client client = new Client();
            client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(base.replace("http", "ws") + "/v1/ws?token=" + token), client)
                    .get(10, TimeUnit.SECONDS);
            client.node = field(client.next(), "node");
            return client;
        }

        void send(String frame) {
            socket.sendText(frame, true).join();
        }

        String next() throws InterruptedException {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new IllegalStateException("no frame within 5 s");
            }
            return frame;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}

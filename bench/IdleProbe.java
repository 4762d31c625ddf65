import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A first look at what an idle connection costs: opens N WebSocket connections, holds them for T seconds
 * (so the server's RSS and heap can be read with jcmd or /proc), then closes them.
 *
 * java bench/IdleProbe.java http://127.0.0.1:8080 <api-key> [connections=5000] [hold-seconds=30]
 */
public class IdleProbe {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int hold = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        HttpClient http = HttpClient.newHttpClient();
        String tokenJson = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/api/createtoken"))
                .header("X-Api-Key", args[1]).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"UserName\":\"idle\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        URI uri = URI.create(base.replace("http", "ws") + "/v1/ws?token="
                + tokenJson.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"));
        List<WebSocket> sockets = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i += 100) {
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 100); j++) {
                batch.add(http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { }));
            }
            batch.forEach(f -> sockets.add(f.join()));
        }
        System.out.printf("opened %d connections in %.1f s; holding %d s%n", sockets.size(),
                (System.nanoTime() - start) / 1e9, hold);
        Thread.sleep(hold * 1000L);
        sockets.forEach(WebSocket::abort);
        System.exit(0);
    }
}

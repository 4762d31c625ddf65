import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two nodes on one Redis, measured from outside: a WebSocket subscriber on node A, REST publishes to node B.
 *
 * latency: java bench/ClusterProbe.java latency http://127.0.0.1:<A> http://127.0.0.1:<B> <api-key> [messages=2000] [rate=200]
 *   cross-node delivery latency (publish request sent on B to message received on A, one clock: this process)
 *   p50/p90/p99/max, and whether every message came in offset order without a gap.
 *
 * restart: java bench/ClusterProbe.java restart http://127.0.0.1:<A> http://127.0.0.1:<B> <api-key> [seconds=20] [rate=200]
 *   publishes at the rate for the given time while the environment variables REDIS_STOP and REDIS_START (shell
 *   commands, run beside the publishing loop) stop Redis at 5 s and start it again 3 s later; reports how publishes were answered (200 or 503 and
 *   for how long), whether every acknowledged message reached the subscriber in order, and whether it stayed connected.
 */
public class ClusterProbe {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String a = args[1];
        String b = args[2];
        String key = args[3];
        String token = post(a + "/v1/api/createtoken", key, "{\"UserName\":\"probe\"}").body()
                .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        String channel = "bench/cluster-" + System.nanoTime();
        Subscriber subscriber = new Subscriber();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(a.replace("http", "ws") + "/v1/ws?token=" + token), subscriber).join();
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}", true).join();
        subscriber.subscribed.await(5, TimeUnit.SECONDS);
        if (mode.equals("latency")) {
            latency(b, key, channel, subscriber, args.length > 4 ? Integer.parseInt(args[4]) : 2000,
                    args.length > 5 ? Integer.parseInt(args[5]) : 200);
        } else {
            restart(b, key, channel, subscriber, socket, args.length > 4 ? Integer.parseInt(args[4]) : 20,
                    args.length > 5 ? Integer.parseInt(args[5]) : 200);
        }
        System.exit(0);
    }

    static void latency(String b, String key, String channel, Subscriber subscriber, int messages, int rate)
            throws Exception {
        long[] sentAt = new long[messages + 1];
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 1; i <= messages; i++) {
            long due = start + (i - 1) * period;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            sentAt[i] = System.nanoTime();
            subscriber.sentAt.put(i, sentAt[i]);
            post(b + "/v1/api/publish", key, "{\"channel\":\"" + channel + "\",\"data\":" + i + "}");
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (subscriber.latencies.size() < messages && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        long[] sorted = subscriber.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("cross-node delivery (REST publish on B -> WebSocket message on A), %d messages at %d/s%n",
                messages, rate);
        System.out.printf("received %d, in offset order without gaps: %s%n", sorted.length, subscriber.inOrder());
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", q(sorted, 0.5), q(sorted, 0.9),
                q(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    static void restart(String b, String key, String channel, Subscriber subscriber, WebSocket socket, int seconds,
            int rate) throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        int refused = 0;
        int other = 0;
        long firstRefusal = -1;
        long lastRefusal = -1;
        long stoppedAt = -1;
        long startedAt = -1;
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long maxAnswerNanos = 0;
        for (int i = 1; System.nanoTime() - start < seconds * 1_000_000_000L; i++) {
            long now = System.nanoTime();
            if (stoppedAt < 0 && now - start > 5_000_000_000L) {
                stoppedAt = now;
                run(System.getenv("REDIS_STOP"));
            }
            if (stoppedAt > 0 && startedAt < 0 && now - stoppedAt > 3_000_000_000L) {
                startedAt = System.nanoTime();
                run(System.getenv("REDIS_START"));
            }
            long due = start + (i - 1) * period;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            long sent = System.nanoTime();
            HttpResponse<String> answer = post(b + "/v1/api/publish", key,
                    "{\"channel\":\"" + channel + "\",\"data\":" + i + "}");
            maxAnswerNanos = Math.max(maxAnswerNanos, System.nanoTime() - sent);
            if (answer.statusCode() == 200) {
                acknowledged.add(Long.parseLong(answer.body().replaceAll(".*\"offset\":(\\d+).*", "$1")));
            } else if (answer.statusCode() == 503 && answer.body().contains("\"unavailable\"")) {
                refused++;
                firstRefusal = firstRefusal < 0 ? sent : firstRefusal;
                lastRefusal = sent;
            } else {
                other++;
            }
        }
        Thread.sleep(2000);
        socket.sendText("{\"type\":\"ping\",\"id\":\"still-there\"}", true).join();
        Thread.sleep(500);
        System.out.printf("Redis told to stop at %.1f s, started again at %.1f s (REDIS_STOP / REDIS_START)%n",
                (stoppedAt - start) / 1e9, (startedAt - start) / 1e9);
        System.out.printf("publishes: %d acknowledged (200), %d refused (503 unavailable), %d other; slowest answer %.0f ms%n",
                acknowledged.size(), refused, other, maxAnswerNanos / 1e6);
        if (refused > 0) {
            System.out.printf("refused from %.2f s to %.2f s (%.2f s); the last refusal %.2f s after Redis was started%n",
                    (firstRefusal - start) / 1e9, (lastRefusal - start) / 1e9, (lastRefusal - firstRefusal) / 1e9,
                    (lastRefusal - startedAt) / 1e9);
        }
        List<Long> received = subscriber.offsets();
        System.out.printf("subscriber: received %d, every acknowledged offset received: %s, in order without gaps: %s, "
                + "still connected: %s%n", received.size(), received.containsAll(acknowledged), subscriber.inOrder(),
                subscriber.pong);
    }

    /** Runs a shell command beside the publishing loop, which goes on meanwhile. */
    static void run(String command) throws Exception {
        if (command != null) {
            new ProcessBuilder("bash", "-c", command).inheritIO().start();
        }
    }

    static double q(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)] / 1e6;
    }

    static HttpResponse<String> post(String url, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("X-Api-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static final class Subscriber implements WebSocket.Listener {
        final CountDownLatch subscribed = new CountDownLatch(1);
        final ConcurrentHashMap<Integer, Long> sentAt = new ConcurrentHashMap<>();
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Long> offsets = java.util.Collections.synchronizedList(new ArrayList<>());
        final StringBuilder text = new StringBuilder();
        volatile boolean pong;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                long now = System.nanoTime();
                if (frame.startsWith("{\"type\":\"message\"")) {
                    offsets.add(Long.parseLong(frame.replaceAll(".*\"offset\":(\\d+).*", "$1")));
                    Long sent = sentAt.get(Integer.parseInt(frame.replaceAll(".*\"data\":(\\d+)}$", "$1")));
                    if (sent != null) {
                        latencies.add(now - sent);
                    }
                } else if (frame.contains("\"subscribed\"")) {
                    subscribed.countDown();
                } else if (frame.contains("still-there")) {
                    pong = true;
                }
            }
            ws.request(1);
            return null;
        }

        List<Long> offsets() {
            synchronized (offsets) {
                return new ArrayList<>(offsets);
            }
        }

        boolean inOrder() {
            List<Long> list = offsets();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != i + 1L) {
                    return false;
                }
            }
            return true;
        }
    }
}

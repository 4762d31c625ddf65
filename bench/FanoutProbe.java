import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A first look at fan-out, not the benchmark: N WebSocket subscribers on one channel, one REST publisher
 * at R messages/s for T seconds; prints delivered messages/s and end-to-end latency percentiles.
 *
 * java bench/FanoutProbe.java http://127.0.0.1:8080 <api-key> [subscribers=1000] [rate=100] [seconds=10] [server-pid]
 *
 * With the server's pid (on the same machine), it also prints the server's CPU time per delivery during
 * the publish phase only, read from /proc/<pid>/stat.
 */
public class FanoutProbe {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int subscribers = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        String channel = "bench/fanout-" + System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();

        String tokenJson = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/api/createtoken"))
                .header("X-Api-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"UserName\":\"bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String token = tokenJson.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

        LongAdder delivered = new LongAdder();
        AtomicLongArray latencyMs = new AtomicLongArray(10_001);
        CountDownLatch ready = new CountDownLatch(subscribers);
        String wsBase = base.replace("http", "ws") + "/v1/ws?token=" + token;
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            sockets.add(http.newWebSocketBuilder().buildAsync(URI.create(wsBase), new WebSocket.Listener() {
                final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String frame = text.toString();
                        text.setLength(0);
                        if (frame.startsWith("{\"type\":\"message\"")) {
                            int at = frame.indexOf("\"t\":") + 4;
                            long sent = Long.parseLong(frame.substring(at, frame.indexOf('}', at)));
                            latencyMs.incrementAndGet((int) Math.min(10_000, System.currentTimeMillis() - sent));
                            delivered.increment();
                        } else if (frame.startsWith("{\"type\":\"subscribed\"")) {
                            ready.countDown();
                        }
                    }
                    ws.request(1);
                    return null;
                }
            }).join());
        }
        for (WebSocket socket : sockets) {
            socket.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}", true);
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("subscribers not ready: " + ready.getCount() + " missing");
        }

        long serverPid = args.length > 5 ? Long.parseLong(args[5]) : -1;
        long[] cpuBefore = cpuTicks(serverPid);
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            http.send(HttpRequest.newBuilder(URI.create(base + "/v1/api/publish")).header("X-Api-Key", key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"channel\":\"" + channel + "\",\"data\":{\"pad\":\"0123456789012345678901234567890123456789\",\"t\":"
                                    + System.currentTimeMillis() + "}}")).build(), HttpResponse.BodyHandlers.discarding());
        }
        long expected = total * subscribers;
        long waitUntil = System.nanoTime() + 20_000_000_000L;
        while (delivered.sum() < expected && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long got = delivered.sum();
        long[] cpuAfter = cpuTicks(serverPid);
        if (serverPid > 0) {
            double user = (cpuAfter[0] - cpuBefore[0]) / 100.0;
            double sys = (cpuAfter[1] - cpuBefore[1]) / 100.0;
            System.out.printf("server cpu during publishing: user=%.2fs sys=%.2fs = %.1f cpu-s per million deliveries%n",
                    user, sys, (user + sys) * 1e6 / Math.max(1, got));
        }
        System.out.printf("subscribers=%d rate=%d/s seconds=%d delivered=%d/%d (%.0f msgs/s over %.1f s)%n",
                subscribers, rate, seconds, got, expected, got / elapsed, elapsed);
        System.out.printf("latency ms p50=%d p99=%d p99.9=%d max=%d%n", pct(latencyMs, got, 0.50),
                pct(latencyMs, got, 0.99), pct(latencyMs, got, 0.999), pct(latencyMs, got, 1.0));
        sockets.forEach(WebSocket::abort);
        System.exit(0);
    }

    /** utime and stime of a process in clock ticks (100 per second on Linux). */
    private static long[] cpuTicks(long pid) throws java.io.IOException {
        if (pid <= 0) {
            return new long[2];
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static long pct(AtomicLongArray histogram, long count, double q) {
        long target = (long) Math.ceil(count * q);
        long seen = 0;
        for (int ms = 0; ms < histogram.length(); ms++) {
            seen += histogram.get(ms);
            if (seen >= target && target > 0) {
                return ms;
            }
        }
        return -1;
    }
}

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one scenario against one running server: spawns subscriber and publisher processes (they inherit
 * this process's CPU affinity), steps the publish rate, and appends one JSON line per step to --out.
 * CPU figures come from /proc: the server's utime+stime, the clients' own, and each core's busy time, so a
 * step also says how busy the client core was and how much CPU other processes of the machine took.
 */
final class Driver {

    private final Args a;
    private final String label;
    private final long serverPid;
    private final int port;
    private final String path;
    private final Path out;
    private final int serverCpu;
    private final int clientCpu;
    private final List<Child> subs = new ArrayList<>();
    private Child pub;
    private int subsCount;
    private int procs;
    private final List<Long> setupMs = new ArrayList<>();
    private int ready;

    Driver(Args a) {
        this.a = a;
        label = a.get("name", "server");
        serverPid = Long.parseLong(a.get("pid", "0"));
        port = a.getInt("port", 0);
        path = a.get("path", "/v1/ws");
        out = Path.of(a.get("out", "results.jsonl"));
        serverCpu = a.getInt("server-cpu", 0);
        clientCpu = a.getInt("client-cpu", 1);
    }

    static void main(Args a) throws Exception {
        Driver d = new Driver(a);
        Runtime.getRuntime().addShutdownHook(new Thread(d::stopAll));
        try {
            switch (a.get("scenario", "a")) {
                case "fanout" -> d.fanout();
                case "idle" -> d.idle();
                case "slow" -> d.slow();
                case "storm" -> d.storm();
                case "churn" -> d.churn();
                default -> throw new IllegalArgumentException("scenario fanout|idle|slow|storm|churn");
            }
        } catch (Exception e) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", "error");
            r.put("message", e.toString());
            d.emit(r);
            d.stopAll();
            System.exit(1);
        } finally {
            d.stopAll();
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- scenarios

    /** Fixed rates, then (with --search) the highest rate whose p99 stays under --p99-limit-ms with nothing lost. */
    void fanout() throws Exception {
        int n = a.getInt("subs", 1000);
        int p = a.getInt("procs", 2);
        double stepSeconds = a.getDouble("step-seconds", 10);
        startSubs(n, p, 0);
        startPub();
        warm();
        List<Map<String, Object>> fixed = new ArrayList<>();
        if (a.has("jfr")) {
            // a flight recording of the fixed-rate steps only (not setup, not warm-up)
            log("%s", jcmd("JFR.start name=bench settings=profile filename=" + a.get("jfr", "bench.jfr")).trim());
        }
        for (String r : a.get("rates", "20,100").split(",")) {
            if (!r.isBlank()) {
                fixed.add(step("fixed", Double.parseDouble(r), stepSeconds));
            }
        }
        if (a.has("jfr")) {
            log("%s", jcmd("JFR.stop name=bench").trim());
        }
        if (a.has("search")) {
            search(stepSeconds, fixed);
        }
    }

    /**
     * @param known steps already measured: the search starts above the highest that passed, or bisects at once
     *     below the lowest that failed
     */
    private void search(double stepSeconds, List<Map<String, Object>> known) throws Exception {
        double limitMs = a.getDouble("p99-limit-ms", 100);
        double rate = a.getDouble("search-from", 150);
        double factor = a.getDouble("search-factor", 1.5);
        double cap = a.getDouble("search-cap", 50_000);
        int bisections = a.getInt("bisect", 3);
        long deadline = System.nanoTime() + (long) (a.getDouble("search-budget-s", 240) * 1e9);
        double pass = 0;
        double fail = 0;
        Map<String, Object> best = null;
        for (Map<String, Object> k : known) {
            double r = (double) k.get("rate");
            if (passes(k, limitMs)) {
                if (r > pass) {
                    pass = r;
                    best = k;
                }
            } else if (fail == 0 || r < fail) {
                fail = r;
            }
        }
        if (pass > 0) {
            rate = Math.max(rate, Math.round(pass * factor));
        }
        while (fail == 0 && rate <= cap && System.nanoTime() < deadline) {
            Map<String, Object> r = step("search", rate, stepSeconds);
            if (passes(r, limitMs)) {
                pass = rate;
                best = r;
                rate = Math.round(rate * factor);
            } else {
                fail = rate;
                break;
            }
        }
        for (int i = 0; i < bisections && fail > 0 && System.nanoTime() < deadline; i++) {
            double mid = Math.round(pass > 0 ? (pass + fail) / 2 : fail / 2);
            if (mid <= pass || mid >= fail) {
                break;
            }
            Map<String, Object> r = step("search", mid, stepSeconds);
            if (passes(r, limitMs)) {
                pass = mid;
                best = r;
            } else {
                fail = mid;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", "max");
        result.put("maxRate", pass);
        result.put("firstFailRate", fail);
        result.put("maxDeliveredPerSec", best == null ? 0 : best.get("deliveredPerSec"));
        result.put("best", best);
        if (best != null && a.has("check")) {
            // the same step with one more client process: if the client limited the result, this one differs
            stopSubs();
            startSubs(subsCount, procs + 1, 0);
            warmShort();
            Map<String, Object> check = step("check+1proc", pass, stepSeconds);
            result.put("check", check);
        }
        emit(result);
    }

    private static boolean passes(Map<String, Object> r, double limitMs) {
        return (double) r.get("p99Ms") < limitMs && (long) r.get("lost") == 0
                && (double) r.get("achievedRate") >= 0.97 * (double) r.get("rate")
                && (long) r.get("pubErrors") == 0 && (long) r.get("live") == (long) r.get("subs");
    }

    /** N idle subscribed connections: setup rate, RSS (and heap for a JVM) per connection, keepalive CPU. */
    void idle() throws Exception {
        int n = a.getInt("subs", 19000);
        int p = a.getInt("procs", 2);
        double settle = a.getDouble("settle-s", 10);
        double hold = a.getDouble("hold-s", 60);
        boolean jvm = a.has("jcmd");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "idle");
        Thread.sleep(3000);
        long rssBase = rssKb();
        r.put("rssBaseKb", rssBase);
        // with -XX:NativeMemoryTracking=summary in the server's options, what grew outside the heap is recorded too
        boolean nativeTracked = false;
        if (jvm) {
            jcmd("GC.run");
            r.put("heapBaseKb", heapUsedKb());
            nativeTracked = !jcmd("VM.native_memory baseline").contains("not enabled");
        }
        long t0 = System.nanoTime();
        long cpuSetup0 = serverTicks();
        startSubs(n, p, 0);
        r.put("setupSeconds", (System.nanoTime() - t0) / 1e9);
        r.put("connected", ready);
        r.put("setupPerSec", ready / (setupMs.stream().mapToLong(Long::longValue).max().orElse(1) / 1000.0));
        r.put("setupServerCpuSec", (serverTicks() - cpuSetup0) / 100.0);
        Thread.sleep((long) (settle * 1000));
        long rssIdle = rssKb();
        r.put("rssIdleKb", rssIdle);
        r.put("rssPerConnBytes", (rssIdle - rssBase) * 1024.0 / Math.max(1, ready));
        if (nativeTracked) {
            Path file = Path.of(a.get("logs", "bench/target/logs"), label + "-idle-native-memory.txt");
            Files.writeString(file, jcmd("VM.native_memory summary.diff"));
            r.put("nativeMemoryDiff", file.toString());
        }
        for (Child s : subs) {
            s.send("RESET");
            s.expect("OK", 10_000);
        }
        long cpu0 = serverTicks();
        long[] cores0 = coreTicks();
        long clients0 = clientTicks();
        Thread.sleep((long) (hold * 1000));
        long cpu1 = serverTicks();
        long[] cores1 = coreTicks();
        long clients1 = clientTicks();
        long pings = 0;
        long live = 0;
        long closed = 0;
        for (Child s : subs) {
            s.send("REPORT");
            Map<String, String> rep = parse(s.expect("REPORT", 30_000));
            pings += Long.parseLong(rep.get("pings"));
            live += Long.parseLong(rep.get("live"));
            closed += Long.parseLong(rep.get("closed"));
        }
        double cpuSec = (cpu1 - cpu0) / 100.0;
        r.put("holdSeconds", hold);
        r.put("keepaliveCpuSec", cpuSec);
        r.put("keepaliveCpuPct", 100.0 * cpuSec / hold);
        r.put("keepaliveCpuUsPerConnPerMin", cpuSec * 1e6 / Math.max(1, ready) / (hold / 60.0));
        r.put("pingsSeen", pings);
        r.put("pingsPerConnPerMin", pings / (double) Math.max(1, ready) / (hold / 60.0));
        r.put("live", live);
        r.put("closedDuringHold", closed);
        putCores(r, cores0, cores1, cpu1 - cpu0, clients1 - clients0);
        r.put("rssAfterHoldKb", rssKb());
        if (jvm) {
            // what the idle connections hold, by class (evidence for tuning): the top of the live-object histogram
            String histogram = jcmd("GC.class_histogram");
            Path file = Path.of(a.get("logs", "bench/target/logs"), label + "-idle-class-histogram.txt");
            Files.writeString(file, histogram);
            r.put("classHistogram", file.toString());
            long heap = heapUsedKb();
            r.put("heapIdleKb", heap);
            r.put("heapPerConnBytes", (heap - (long) r.get("heapBaseKb")) * 1024.0 / Math.max(1, ready));
            r.put("rssAfterGcKb", rssKb());
        }
        emit(r);
    }

    /** One slow subscriber among N: everyone else's p99 with and without it. */
    void slow() throws Exception {
        int n = a.getInt("subs", 1000);
        int p = a.getInt("procs", 2);
        double rate = a.getDouble("rate", 20);
        startSubs(n, p, 1);
        startPub();
        warm();
        Map<String, Object> base = step("baseline", rate, a.getDouble("step-seconds", 20));
        subs.get(0).send("SLOW");
        subs.get(0).expect("OK", 10_000);
        Map<String, Object> slow = step("slow", rate, a.getDouble("slow-seconds", 30));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "slowSummary");
        r.put("baselineP99Ms", base.get("p99Ms"));
        r.put("slowP99Ms", slow.get("p99Ms"));
        r.put("p99Change", (double) slow.get("p99Ms") / Math.max(0.001, (double) base.get("p99Ms")) - 1);
        r.put("baselineLost", base.get("lost"));
        r.put("slowLost", slow.get("lost"));
        r.put("slowReceived", slow.get("slowReceived"));
        r.put("slowClosed", slow.get("slowClosed"));
        r.put("slowCloseCode", slow.get("slowCloseCode"));
        r.put("serverRssKbAfter", rssKb());
        emit(r);
    }

    /**
     * (f) N clients connect and subscribe as fast as they can (--concurrency handshakes in flight per process);
     * then every connection is dropped at once and each reconnects with jittered backoff. Server CPU per
     * connection: the CPU of the drop-and-reconnect phase (every old connection closed, every new one opened)
     * divided by N.
     */
    void storm() throws Exception {
        int n = a.getInt("subs", 19000);
        int p = a.getInt("procs", 2);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "storm");
        r.put("clients", (long) n);
        Thread.sleep(2000);
        long cpu0 = serverTicks();
        long t0 = System.nanoTime();
        startSubs(n, p, 0);
        double connectS = (System.nanoTime() - t0) / 1e9;
        double connectCpu = (serverTicks() - cpu0) / 100.0;
        r.put("connected", (long) ready);
        r.put("connectSeconds", connectS);
        r.put("connectPerSec", ready / connectS);
        r.put("connectCpuMsPerConn", connectCpu * 1000 / Math.max(1, ready));
        r.put("connectHandshakeP50Ms", setupHandshakes.quantile(0.5) / 1000.0);
        r.put("connectHandshakeP99Ms", setupHandshakes.quantile(0.99) / 1000.0);
        r.put("connectRefusals", setupRefusals.toString());
        Thread.sleep((long) (a.getDouble("settle-s", 5) * 1000));
        long timeoutMs = (long) (a.getDouble("storm-timeout-s", 120) * 1000);
        long cpu1 = serverTicks();
        Map<String, Long> threads1 = serverThreadTicks();
        long[] cores0 = coreTicks();
        long clients0 = clientTicks();
        for (Child s : subs) {
            s.send("STORM " + a.get("jitter-ms", "1000") + " " + a.get("max-backoff-ms", "20000") + " " + timeoutMs);
        }
        Hist handshakes = new Hist();
        Map<String, Long> refusals = new java.util.TreeMap<>();
        long back = 0;
        long attempts = 0;
        long errors = 0;
        long closedAfterReady = 0;
        double untilAll = 0;
        String firstError = "";
        for (Child s : subs) {
            Map<String, String> d = parse(s.expect("STORMDONE", timeoutMs + 30_000));
            back += Long.parseLong(d.get("ready"));
            attempts += Long.parseLong(d.get("attempts"));
            errors += Long.parseLong(d.get("errors"));
            closedAfterReady += Long.parseLong(d.get("closedAfterReady"));
            untilAll = Math.max(untilAll, Double.parseDouble(d.get("untilAllMs")));
            handshakes.merge(d.get("handshakeHist"));
            mergeCounts(refusals, d.get("refusals"));
            if (firstError.isEmpty()) {
                firstError = d.get("firstError");
            }
        }
        long cpu2 = serverTicks();
        Map<String, Long> threads2 = serverThreadTicks();
        long[] cores1 = coreTicks();
        long clients1 = clientTicks();
        double stormCpu = (cpu2 - cpu1) / 100.0;
        r.put("resubscribed", back);
        r.put("lost", (long) ready - back);
        r.put("untilAllResubscribedS", untilAll / 1000.0);
        r.put("reconnectPerSec", back / Math.max(0.001, untilAll / 1000.0));
        r.put("attempts", attempts);
        r.put("refusals", refusals.toString());
        r.put("errors", errors);
        r.put("closedAfterReady", closedAfterReady);
        r.put("stormCpuSec", stormCpu);
        r.put("cpuMsPerConnOpenClose", stormCpu * 1000 / Math.max(1, back));
        r.put("stormCpuByThread", threadCpuBetween(threads1, threads2));
        r.put("handshakeP50Ms", handshakes.quantile(0.5) / 1000.0);
        r.put("handshakeP99Ms", handshakes.quantile(0.99) / 1000.0);
        r.put("firstError", firstError);
        putCores(r, cores0, cores1, cpu2 - cpu1, clients1 - clients0);
        r.put("serverRssKb", rssKb());
        emit(r);
    }

    /** The round of (g) being measured, put in every record it emits; null outside (g). */
    private Integer round;

    /**
     * (g) Steady subscribers at a fixed rate, first alone, then while a churn process opens, subscribes and
     * closes --churn-rate connections a second: the steady subscribers' p99 before and during. With --rounds N
     * the pair is measured N times on the same server: the first round is a fresh server's, the last one's a
     * server that has taken (N - 1) rounds of churn (for a JIT, warm).
     */
    void churn() throws Exception {
        int n = a.getInt("subs", 1000);
        int p = a.getInt("procs", 2);
        double rate = a.getDouble("rate", 20);
        double seconds = a.getDouble("step-seconds", 20);
        double churnRate = a.getDouble("churn-rate", 500);
        int rounds = a.getInt("rounds", 1);
        startSubs(n, p, 0);
        startPub();
        warm();
        for (round = 1; round <= rounds; round++) {
            churnRound(rate, seconds, churnRate);
        }
        round = null;
    }

    /** One round of (g): the step alone, then the same step under churn, on a server that ran the rounds before. */
    private void churnRound(double rate, double seconds, double churnRate) throws Exception {
        Map<String, Object> base = step("baseline", rate, seconds);
        List<String> cmd = javaCmd("sub");
        int src = a.getInt("churn-src-base", 20);
        cmd.addAll(List.of("--port", Integer.toString(port), "--path", path, "--n", "0", "--src",
                "127.0.0." + src + ",127.0.0." + (src + 1) + ",127.0.0." + (src + 2) + ",127.0.0." + (src + 3),
                "--channel", a.get("channel", "bench")));
        cmd.addAll(subOptions());
        Child churner = new Child(cmd, "churn");
        try {
            churner.expect("READY", 30_000);
            // the churn runs a little longer than the step, so that the whole step is measured under churn
            churner.send(String.format(Locale.ROOT, "CHURN %.1f %.1f", churnRate, seconds + 3));
            churner.expect("OK", 10_000);
            Thread.sleep(1500);
            long cpu0 = serverTicks();
            Map<String, Object> during = step("churn", rate, seconds);
            long cpu1 = serverTicks();
            Map<String, String> done = parse(churner.expect("CHURNDONE", (long) (seconds * 1000) + 60_000));
            Hist hs = new Hist();
            hs.merge(done.get("handshakeHist"));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", "churnSummary");
            r.put("rate", rate);
            r.put("churnTarget", churnRate);
            r.put("churnPerSec", Double.parseDouble(done.get("perSec")));
            r.put("churnOpened", Long.parseLong(done.get("opened")));
            r.put("churnSubscribed", Long.parseLong(done.get("subscribed")));
            r.put("churnFailed", Long.parseLong(done.get("failed")));
            r.put("churnRefusals", done.get("refusals"));
            r.put("churnFirstError", done.get("firstError"));
            r.put("churnHandshakeP50Ms", hs.quantile(0.5) / 1000.0);
            r.put("churnHandshakeP99Ms", hs.quantile(0.99) / 1000.0);
            r.put("baselineP99Ms", base.get("p99Ms"));
            r.put("churnP99Ms", during.get("p99Ms"));
            r.put("p99Change", (double) during.get("p99Ms") / Math.max(0.001, (double) base.get("p99Ms")) - 1);
            r.put("baselineLost", base.get("lost"));
            r.put("churnLost", during.get("lost"));
            r.put("baselineCpuSec", base.get("serverCpuSec"));
            r.put("churnCpuSec", during.get("serverCpuSec"));
            // what the churn added, per churned connection (open, subscribe, close)
            double extra = (cpu1 - cpu0) / 100.0 - (double) base.get("serverCpuSec");
            r.put("cpuMsPerChurnedConn", extra * 1000 / Math.max(1, churnRate * seconds));
            emit(r);
        } finally {
            churner.stop();
        }
    }

    private static void mergeCounts(Map<String, Long> into, String text) {
        // "{503=12, 429=3}" as Java prints a map
        String t = text == null ? "" : text.replace("{", "").replace("}", "").trim();
        if (t.isEmpty()) {
            return;
        }
        for (String pair : t.split(",")) {
            String[] kv = pair.trim().split("=");
            into.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
        }
    }

    // ---------------------------------------------------------------- steps

    private void warm() throws Exception {
        double seconds = a.getDouble("warm-s", 8);
        if (seconds <= 0) {
            return;
        }
        double rate = a.getDouble("warm-rate", 100);
        runPub(rate, seconds);
        drainAll(Math.round(rate * seconds), 15_000);
    }

    private void warmShort() throws Exception {
        runPub(20, 2);
        drainAll(40, 10_000);
    }

    private Map<String, Object> step(String kind, double rate, double seconds) throws Exception {
        for (Child s : subs) {
            s.send("RESET");
            s.expect("OK", 10_000);
        }
        long cpu0 = serverTicks();
        long[] us0 = userSystem(serverPid);
        Map<String, Long> threads0 = serverThreadTicks();
        long[] cores0 = coreTicks();
        long clients0 = clientTicks();
        long segments0 = tcpSegmentsSent();
        Map<String, String> done = runPub(rate, seconds);
        long sent = Long.parseLong(done.get("sent"));
        List<Map<String, String>> reports = drainAll(sent, a.getInt("drain-ms", 15_000));
        long cpu1 = serverTicks();
        long[] us1 = userSystem(serverPid);
        Map<String, Long> threads1 = serverThreadTicks();
        long[] cores1 = coreTicks();
        long clients1 = clientTicks();
        long segments1 = tcpSegmentsSent();

        Hist hist = new Hist();
        long received = 0;
        long live = 0;
        long lastRecv = 0;
        long closed = 0;
        long errors = 0;
        long slowReceived = 0;
        long slowClosed = 0;
        String slowCode = "";
        String firstError = "";
        StringBuilder closeCodes = new StringBuilder();
        for (Map<String, String> rep : reports) {
            hist.merge(rep.get("hist"));
            received += Long.parseLong(rep.get("received"));
            live += Long.parseLong(rep.get("live"));
            closed += Long.parseLong(rep.get("closed"));
            errors += Long.parseLong(rep.get("errors"));
            lastRecv = Math.max(lastRecv, Long.parseLong(rep.get("lastRecvUs")));
            slowReceived += Long.parseLong(rep.get("slowReceived"));
            slowClosed += Long.parseLong(rep.get("slowClosed"));
            if (!rep.get("slowCloseCode").isEmpty()) {
                slowCode = rep.get("slowCloseCode");
            }
            if (firstError.isEmpty()) {
                firstError = rep.get("firstError");
            }
            if (!rep.get("closeCodes").equals("{}")) {
                closeCodes.append(rep.get("closeCodes"));
            }
        }
        int slowConns = subs.isEmpty() ? 0 : (int) Math.min(subsCount, subs.get(0).slow);
        long fast = subsCount - slowConns;
        long expected = sent * fast;
        long startUs = Long.parseLong(done.get("startUs"));
        double window = Math.max(seconds, (lastRecv - startUs) / 1e6);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", kind);
        r.put("rate", rate);
        r.put("seconds", seconds);
        r.put("subs", (long) subsCount);
        r.put("procs", procs);
        r.put("size", a.getInt("size", 64));
        r.put("sent", sent);
        r.put("achievedRate", Double.parseDouble(done.get("achievedRate")));
        r.put("pubErrors", Long.parseLong(done.get("errors")));
        r.put("pubMaxLateMs", Double.parseDouble(done.get("maxLateMs")));
        r.put("expected", expected);
        r.put("delivered", received);
        r.put("lost", Math.max(0, expected - received));
        r.put("deliveredPerSec", received / window);
        r.put("p50Ms", hist.quantile(0.5) / 1000.0);
        r.put("p99Ms", hist.quantile(0.99) / 1000.0);
        r.put("p999Ms", hist.quantile(0.999) / 1000.0);
        r.put("maxMs", hist.max / 1000.0);
        double serverCpu = (cpu1 - cpu0) / 100.0;
        r.put("serverCpuSec", serverCpu);
        r.put("cpuSecPerMillion", received == 0 ? -1 : serverCpu * 1e6 / received);
        r.put("serverUserSec", (us1[0] - us0[0]) / 100.0);
        r.put("serverSystemSec", (us1[1] - us0[1]) / 100.0);
        r.put("serverCpuByThread", threadCpuBetween(threads0, threads1));
        if (segments0 >= 0 && segments1 >= segments0 && received > 0) {
            r.put("tcpSegmentsPerDelivery", (segments1 - segments0) / (double) received);
        }
        putCores(r, cores0, cores1, cpu1 - cpu0, clients1 - clients0);
        r.put("serverRssKb", rssKb());
        r.put("live", live);
        r.put("closed", closed);
        r.put("closeCodes", closeCodes.toString());
        r.put("frameErrors", errors);
        r.put("slowReceived", slowReceived);
        r.put("slowClosed", slowClosed);
        r.put("slowCloseCode", slowCode);
        r.put("pubFirstError", done.get("firstError"));
        r.put("subFirstError", firstError);
        emit(r);
        if (live < subsCount && !kind.equals("slow")) {
            // a server that dropped subscribers (overload): later steps need the full set again
            log("%s: %d of %d subscribers left; reconnecting", label, live, subsCount);
            int p = procs;
            stopSubs();
            Thread.sleep(2000);
            startSubs(subsCount, p, 0);
        }
        return r;
    }

    private void putCores(Map<String, Object> r, long[] c0, long[] c1, long serverTicks, long clientTicks) {
        double wall = (c1[0] - c0[0]) / 100.0; // jiffies of the whole-machine clock: total / cores
        long serverBusy = c1[1 + serverCpu * 2] - c0[1 + serverCpu * 2];
        long serverAll = c1[2 + serverCpu * 2] - c0[2 + serverCpu * 2];
        long clientBusy = c1[1 + clientCpu * 2] - c0[1 + clientCpu * 2];
        long clientAll = c1[2 + clientCpu * 2] - c0[2 + clientCpu * 2];
        long busyAll = c1[c1.length - 1] - c0[c0.length - 1];
        r.put("serverCorePct", 100.0 * serverBusy / Math.max(1, serverAll));
        r.put("clientCorePct", 100.0 * clientBusy / Math.max(1, clientAll));
        r.put("clientCpuSec", clientTicks / 100.0);
        // user+system time on any core not taken by the server or our clients, in % of one core
        double elapsedTicks = Math.max(1, serverAll);
        r.put("foreignPct", Math.max(0, 100.0 * (busyAll - serverTicks - clientTicks) / elapsedTicks));
        r.put("wallS", wall);
    }

    // ---------------------------------------------------------------- processes

    /** The options every subscriber process gets: protocol, token, connect concurrency, reading style. */
    private List<String> subOptions() {
        List<String> o = new ArrayList<>(List.of("--proto", a.get("proto", "herald"), "--concurrency", a.get("concurrency", "200")));
        for (String k : List.of("token", "read-bytes", "read-every-ms", "rcvbuf")) {
            if (a.has(k)) {
                o.addAll(List.of("--" + k, a.get(k, "")));
            }
        }
        return o;
    }

    private final Hist setupHandshakes = new Hist();
    private final Map<String, Long> setupRefusals = new java.util.TreeMap<>();

    private void startSubs(int n, int p, int slow) throws Exception {
        subsCount = n;
        procs = p;
        setupMs.clear();
        setupHandshakes.clear();
        setupRefusals.clear();
        ready = 0;
        long cpu0 = serverTicks();
        int base = a.getInt("src-base", 2);
        for (int j = 0; j < p; j++) {
            int count = n / p + (j < n % p ? 1 : 0);
            String src = "127.0.0." + (base + 2 * j) + ",127.0.0." + (base + 2 * j + 1);
            List<String> cmd = javaCmd("sub");
            cmd.addAll(List.of("--port", Integer.toString(port), "--path", path, "--n", Integer.toString(count),
                    "--src", src, "--channel", a.get("channel", "bench"), "--slow", Integer.toString(j == 0 ? slow : 0),
                    "--slow-bps", a.get("slow-bps", "1000")));
            if (a.has("nosubscribe")) {
                cmd.add("--nosubscribe");
            }
            cmd.addAll(subOptions());
            Child c = new Child(cmd, "sub" + j);
            c.slow = j == 0 ? slow : 0;
            subs.add(c);
        }
        for (Child c : subs) {
            Map<String, String> r = parse(c.expect("READY", a.getInt("setup-timeout-ms", 240_000)));
            ready += Integer.parseInt(r.get("ready"));
            setupMs.add((long) Double.parseDouble(r.get("setupMs")));
            setupHandshakes.merge(r.get("handshakeHist"));
            mergeCounts(setupRefusals, r.get("refusals"));
            if (!r.get("firstError").isEmpty()) {
                log("%s %s: %s", label, c.name, r.get("firstError"));
            }
            // closed by the server before ready: -2 before the 101, 1006 after it with no close frame
            if (r.containsKey("closeCodes") && !r.get("closeCodes").equals("{}")) {
                log("%s %s: closed by the server during setup, by close code: %s", label, c.name, r.get("closeCodes"));
            }
        }
        long maxSetup = setupMs.stream().mapToLong(Long::longValue).max().orElse(1);
        log("%s: %d/%d subscribers ready in %d ms over %d processes", label, ready, n, maxSetup, p);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "setup");
        r.put("subs", (long) n);
        r.put("procs", p);
        r.put("ready", (long) ready);
        r.put("setupMs", maxSetup);
        r.put("setupPerSec", ready / (maxSetup / 1000.0));
        r.put("setupServerCpuSec", (serverTicks() - cpu0) / 100.0);
        r.put("handshakeP50Ms", setupHandshakes.quantile(0.5) / 1000.0);
        r.put("handshakeP99Ms", setupHandshakes.quantile(0.99) / 1000.0);
        r.put("refusals", setupRefusals.toString());
        emit(r);
        if (ready < n && !a.has("allow-partial")) {
            throw new IllegalStateException(label + ": only " + ready + " of " + n + " subscribers connected");
        }
    }

    private void startPub() throws Exception {
        List<String> cmd = javaCmd("pub");
        cmd.addAll(List.of("--port", Integer.toString(port), "--mode", a.get("pub", "ws"), "--apikey",
                a.get("apikey", ""), "--channel", a.get("channel", "bench"), "--size", a.get("size", "64")));
        if (a.get("pub", "ws").equals("ws")) {
            cmd.addAll(List.of("--path", a.get("pub-path", path)));
        } else if (a.has("pub-path")) {
            cmd.addAll(List.of("--path", a.get("pub-path", "")));
        }
        pub = new Child(cmd, "pub");
        pub.expect("READY", 30_000);
    }

    private Map<String, String> runPub(double rate, double seconds) throws Exception {
        pub.send(String.format(Locale.ROOT, "RUN %.3f %.3f", rate, seconds));
        return parse(pub.expect("DONE", (long) (seconds * 4000) + 60_000));
    }

    private List<Map<String, String>> drainAll(long perConn, int timeoutMs) throws Exception {
        for (Child s : subs) {
            s.send("DRAIN " + perConn + " " + timeoutMs + " 2000");
        }
        List<Map<String, String>> reports = new ArrayList<>();
        for (Child s : subs) {
            reports.add(parse(s.expect("REPORT", timeoutMs + 30_000L)));
        }
        return reports;
    }

    private List<String> javaCmd(String role) {
        List<String> cmd = new ArrayList<>();
        cmd.add(a.get("java", "java"));
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xms128m", "-Xmx1g", "-XX:TieredStopAtLevel=4", "-cp",
                a.get("cp", "bench/target/load"), "Load", role, "--host", "127.0.0.1"));
        return cmd;
    }

    private void stopSubs() {
        for (Child c : subs) {
            c.stop();
        }
        subs.clear();
    }

    private void stopAll() {
        stopSubs();
        if (pub != null) {
            pub.stop();
            pub = null;
        }
    }

    private long clientTicks() {
        long t = ticks(ProcessHandle.current().pid());
        for (Child c : subs) {
            t += ticks(c.process.pid());
        }
        if (pub != null) {
            t += ticks(pub.process.pid());
        }
        return t;
    }

    final class Child {
        final String name;
        final Process process;
        final PrintWriter in;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        int slow;

        Child(List<String> cmd, String name) throws IOException {
            this.name = name;
            File logs = new File(a.get("logs", "bench/target/logs"));
            logs.mkdirs();
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(ProcessBuilder.Redirect.appendTo(new File(logs, label + "-" + name + ".err")));
            process = pb.start();
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // process gone
                }
                lines.add("EXIT");
            }, name + "-out");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String command) {
            in.println(command);
        }

        String expect(String prefix, long timeoutMs) throws Exception {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(label + " " + name + ": no " + prefix + " within " + timeoutMs + " ms");
                }
                if (line.equals("EXIT")) {
                    throw new IllegalStateException(label + " " + name + ": exited waiting for " + prefix);
                }
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
        }

        void stop() {
            send("QUIT");
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------- /proc and jcmd

    /** utime and stime of a process and all its threads, in clock ticks (1/100 s). */
    static long[] userSystem(long pid) {
        if (pid <= 0) {
            return new long[2];
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException e) {
            return new long[2];
        }
    }

    /** utime+stime of a process and all its threads, in clock ticks (1/100 s). */
    static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    private long serverTicks() {
        return ticks(serverPid);
    }

    /** [total jiffies over cores / cores, busy0, all0, busy1, all1, ..., user+system of all cores]. */
    static long[] coreTicks() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
        List<Long> v = new ArrayList<>();
        long total = 0;
        long cores = 0;
        long userSystem = 0;
        for (String line : lines) {
            if (line.startsWith("cpu") && !line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long user = Long.parseLong(f[1]) + Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                long all = user + system + idle + irq + steal;
                v.add(user + system + irq);
                v.add(all);
                total += all;
                cores++;
                userSystem += user + system;
            }
        }
        long[] r = new long[v.size() + 2];
        r[0] = total / Math.max(1, cores);
        for (int i = 0; i < v.size(); i++) {
            r[i + 1] = v.get(i);
        }
        r[r.length - 1] = userSystem;
        return r;
    }

    /**
     * TCP segments sent on the whole machine (OutSegs of /proc/net/snmp). Over loopback that is the server's
     * segments and the clients' acknowledgements alike, and on loopback the sending core also runs the
     * receiver's TCP input, so the count is a fair measure of the kernel work a delivery costs.
     */
    static long tcpSegmentsSent() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Tcp:") && lines.get(i + 1).startsWith("Tcp:")) {
                    List<String> names = List.of(lines.get(i).trim().split("\\s+"));
                    return Long.parseLong(lines.get(i + 1).trim().split("\\s+")[names.indexOf("OutSegs")]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or another layout: no figure
        }
        return -1;
    }

    /**
     * utime+stime of each of the server's threads in clock ticks, summed by the thread's name with its digits
     * as '#' (Linux keeps 15 characters of a name: Tomcat's request threads and poller are "http-nio-127.0.",
     * the JIT "C2 CompilerThre", the serial collector runs in "VM Thread").
     */
    private Map<String, Long> serverThreadTicks() {
        Map<String, Long> byName = new java.util.TreeMap<>();
        File[] tasks = new File("/proc/" + serverPid + "/task").listFiles();
        if (serverPid <= 0 || tasks == null) {
            return byName;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return byName;
    }

    /** "name=seconds, ..." of the threads that used the most CPU between two {@link #serverThreadTicks()}. */
    private static String threadCpuBetween(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .map(e -> String.format(Locale.ROOT, "%s=%.2f", e.getKey().trim(), e.getValue() / 100.0))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder(a.get("jcmd", "jcmd"), Long.toString(serverPid), command)
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return text;
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Heap in use: the sum of "used" of the generations (lines with a "total"), as GC.heap_info prints them. */
    private long heapUsedKb() throws Exception {
        long used = 0;
        for (String line : jcmd("GC.heap_info").split("\n")) {
            if (line.contains("total")) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                }
            }
        }
        return used;
    }

    // ---------------------------------------------------------------- output

    private void emit(Map<String, Object> r) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scenario", a.get("tag", a.get("scenario", "")));
        line.put("server", label);
        line.put("at", java.time.Instant.now().toString());
        line.putAll(r);
        if (round != null) {
            line.put("round", round);
        }
        String json = toJson(line);
        Files.writeString(out, json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        log("%s", json.length() > 600 ? json.substring(0, 600) + "..." : json);
    }

    @SuppressWarnings("unchecked")
    static String toJson(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"').append(e.getKey()).append("\":").append(toJson(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "\"" + Sub.json(v.toString()) + "\"";
    }

    /** Flat JSON object of strings and numbers, as Sub and Pub print it. */
    static Map<String, String> parse(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        int i = json.indexOf('{') + 1;
        int n = json.length();
        while (i < n) {
            int k0 = json.indexOf('"', i);
            if (k0 < 0) {
                break;
            }
            int k1 = json.indexOf('"', k0 + 1);
            String key = json.substring(k0 + 1, k1);
            i = json.indexOf(':', k1) + 1;
            if (json.charAt(i) == '"') {
                StringBuilder v = new StringBuilder();
                int j = i + 1;
                for (; j < n && json.charAt(j) != '"'; j++) {
                    char c = json.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        c = json.charAt(++j);
                    }
                    v.append(c);
                }
                m.put(key, v.toString());
                i = j + 1;
            } else {
                int j = i;
                while (j < n && json.charAt(j) != ',' && json.charAt(j) != '}') {
                    j++;
                }
                m.put(key, json.substring(i, j).trim());
                i = j;
            }
            i = json.indexOf(',', i);
            if (i < 0) {
                break;
            }
            i++;
        }
        return m;
    }

    static void log(String format, Object... args) {
        System.err.printf("[drive %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    }
}

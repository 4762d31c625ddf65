import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One subscriber process: N WebSocket connections on one selector thread, a hand-written RFC 6455 client
 * that never parses JSON. A message frame is recognised by its prefix {@code {"type":"message"} and its send
 * time by the bytes after {@code "t":} (epoch microseconds written by the publisher); latency is the
 * receive time (epoch microseconds, the same realtime clock) minus that.
 *
 * <p>Driven over stdin/stdout by {@link Driver}: it prints {@code READY {json}} once every connection is
 * subscribed, then answers the commands RESET, SLOW, DRAIN expected timeoutMs, REPORT and QUIT.
 */
final class Sub {

    static final byte[] MESSAGE_PREFIX = "{\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SUBSCRIBED_PREFIX = "{\"type\":\"subscribed\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ERROR_PREFIX = "{\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] T_KEY = "\"t\":".getBytes(StandardCharsets.US_ASCII);
    // Centrifugo's JSON protocol: replies carry the command's id, pushes come as {"push":...}, a server
    // ping is an empty object (answered with one), and one frame may hold several of them, one a line
    static final byte[] C_PUSH_PREFIX = "{\"push\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] C_SUBSCRIBED_PREFIX = "{\"id\":2,\"subscribe\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] C_CONNECTED_PREFIX = "{\"id\":1,\"connect\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] C_ERROR_KEY = "\"error\":".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final String path;
    private final int count;
    private final String[] sources;
    private final String channel;
    private final int slowCount;
    private final boolean subscribe;
    int slowBytesPerSecond = 1000;
    /** herald (every peer but Centrifugo speaks Herald's protocol) or centrifugo */
    boolean centrifugo;
    String connectToken = "";
    /** small late reads (scenario h): after READY each connection reads at most lazyReadBytes every lazyReadEveryMs */
    int lazyReadBytes;
    int lazyReadEveryMs;
    int receiveBuffer;
    int concurrency = 200;
    private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);

    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 18);
    private final byte[] scratch = new byte[1 << 18];
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();

    // counters of the current window (reset by RESET), touched by the selector thread only
    private final Hist hist = new Hist();
    /** connect start to subscribed (or connected, without subscribing), per connection */
    private final Hist handshakeHist = new Hist();
    /** handshakes answered with something other than 101, by HTTP status */
    private final java.util.Map<String, Integer> refusals = new java.util.TreeMap<>();
    private long received;
    private long other;
    private long errors;
    private long pings;
    private long closed;
    private long firstRecvUs;
    private long lastRecvUs;
    private long slowReceived;
    private long slowClosed;
    private String slowCloseCode = "";
    private String firstError = "";
    private final java.util.Map<Integer, Integer> closeCodes = new java.util.TreeMap<>();
    private boolean slowOn;
    private long lastFrameNanos = System.nanoTime();

    private String drainCommand;
    private long drainDeadline;

    Sub(String host, int port, String path, int count, String[] sources, String channel, int slowCount,
            boolean subscribe) throws IOException {
        this.host = host;
        this.port = port;
        this.path = path;
        this.count = count;
        this.sources = sources;
        this.channel = channel;
        this.slowCount = slowCount;
        this.subscribe = subscribe;
        this.selector = Selector.open();
    }

    static void main(Args a) throws Exception {
        Sub sub = new Sub(a.get("host", "127.0.0.1"), a.getInt("port", 0), a.get("path", "/v1/ws"),
                a.getInt("n", 1000), a.get("src", "127.0.0.1").split(","), a.get("channel", "bench"),
                a.getInt("slow", 0), !a.has("nosubscribe"));
        sub.slowBytesPerSecond = a.getInt("slow-bps", 1000);
        sub.centrifugo = a.get("proto", "herald").equals("centrifugo");
        sub.connectToken = a.get("token", "");
        sub.lazyReadBytes = a.getInt("read-bytes", 0);
        sub.lazyReadEveryMs = a.getInt("read-every-ms", 0);
        sub.receiveBuffer = a.getInt("rcvbuf", 0);
        sub.concurrency = a.getInt("concurrency", 200);
        sub.run(sub.concurrency, a.getInt("connect-timeout", 120));
    }

    final class Conn {
        final int index;
        final SocketChannel ch;
        final boolean slow;
        SelectionKey key;
        boolean upgraded;
        boolean ready;
        boolean dead;
        /** a churn connection (scenario g): closes itself once subscribed, its messages are not counted */
        boolean churn;
        boolean closing;
        long startNanos;
        byte[] leftover;
        int leftoverLen;
        byte[] fragment;
        int fragmentLen;
        ByteBuffer pendingWrite;

        Conn(int index, SocketChannel ch, boolean slow) {
            this.index = index;
            this.ch = ch;
            this.slow = slow;
        }
    }

    void run(int concurrency, int connectTimeoutSeconds) throws Exception {
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
                for (String line; (line = in.readLine()) != null; ) {
                    commands.add(line.trim());
                    selector.wakeup();
                }
            } catch (IOException e) {
                // driver gone
            }
            commands.add("QUIT");
            selector.wakeup();
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();

        long start = System.nanoTime();
        long deadline = start + connectTimeoutSeconds * 1_000_000_000L;
        int opened = 0;
        int readyCount = 0;
        int failed = 0;
        // a refused upgrade (503 of the node's rate, 429) tries again after a backoff, as clients do (Herald's
        // client library: full jitter, first try within 1 s, at most 20 s apart); a failure of another kind fails
        settingUp = true;
        stormFirstWindowMs = 1000;
        stormMaxBackoffMs = 20_000;
        stormAttempts = new int[count];
        while (readyCount + failed < count) {
            int inFlight = opened - readyCount - failed - setupRetriesDue;
            long now = System.nanoTime();
            while (!stormDue.isEmpty() && stormDue.peek()[0] <= now && inFlight < concurrency) {
                int index = (int) stormDue.poll()[1];
                setupRetriesDue--;
                try {
                    conns.set(index, connect(index, false));
                    inFlight++;
                } catch (IOException e) {
                    noteError(e.toString());
                }
            }
            while (opened < count && inFlight < concurrency) {
                try {
                    open(opened);
                } catch (IOException e) {
                    failed++;
                    noteError(e.toString());
                }
                opened++;
                inFlight++;
            }
            selector.select(100);
            processKeys();
            readyCount = 0;
            failed = 0;
            for (Conn c : conns) {
                if (c.ready && !c.dead) {
                    readyCount++;
                } else if (c.dead) {
                    failed++;
                }
            }
            failed += opened - conns.size() - setupRetriesDue;
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        settingUp = false;
        stormDue.clear();
        setupRetriesDue = 0;
        long setupNanos = System.nanoTime() - start;
        out.printf("READY {\"n\":%d,\"ready\":%d,\"failed\":%d,\"setupMs\":%.1f,\"refusals\":\"%s\",\"firstError\":\"%s\","
                        + "\"closeCodes\":\"%s\",\"handshakeHist\":\"%s\"}%n", count, readyCount, count - readyCount,
                setupNanos / 1e6, refusals, json(firstError), closeCodes, handshakeHist.sparse());
        resetCounters();
        lazyReads(true);

        while (true) {
            selector.select(lazyReadEveryMs > 0 ? Math.min(50, lazyReadEveryMs) : 50);
            processKeys();
            for (String cmd; (cmd = commands.poll()) != null; ) {
                if (!command(cmd)) {
                    for (Conn c : conns) {
                        try {
                            c.ch.close();
                        } catch (IOException e) {
                            // closing anyway
                        }
                    }
                    out.println("BYE");
                    System.exit(0);
                }
            }
            if (slowOn) {
                trickleSlow();
            }
            if (lazyReadEveryMs > 0) {
                lazyReadPass();
            }
            if (stormDeadline != 0) {
                stormStep();
            }
            if (churnDeadline != 0) {
                churnStep();
            }
            if (drainCommand != null) {
                checkDrain();
            }
        }
    }

    private void noteError(String e) {
        if (firstError.isEmpty()) {
            firstError = e;
        }
    }

    // ---------------------------------------------------------------- small late reads (scenario h)

    private long lastLazyPass;

    /** With small late reads on, a connection is not read when data arrives but in the periodic pass below. */
    private void lazyReads(boolean on) {
        if (lazyReadEveryMs <= 0) {
            return;
        }
        for (Conn c : conns) {
            if (!c.dead && c.key.isValid()) {
                c.key.interestOps(on ? c.key.interestOps() & ~SelectionKey.OP_READ : c.key.interestOps() | SelectionKey.OP_READ);
            }
        }
    }

    private void lazyReadPass() {
        long now = System.nanoTime();
        if (now - lastLazyPass < lazyReadEveryMs * 1_000_000L) {
            return;
        }
        lastLazyPass = now;
        for (Conn c : conns) {
            if (!c.dead) {
                try {
                    read(c, lazyReadBytes);
                } catch (IOException | RuntimeException e) {
                    noteError(e.toString());
                    kill(c, -1);
                }
            }
        }
    }

    // ---------------------------------------------------------------- storm (scenario f)

    /**
     * STORM firstWindowMs maxBackoffMs timeoutMs: every connection is dropped at once (the sockets closed),
     * then each reconnects after a random delay within the first window; a failed attempt retries after
     * exponential backoff with full jitter (window doubles up to maxBackoffMs), as Herald's client library does.
     */
    private long stormDeadline;
    private long stormStart;
    private int stormFirstWindowMs;
    private int stormMaxBackoffMs;
    /** During the first connects: refused upgrades wait in {@link #stormDue} to try again. */
    private boolean settingUp;
    private int setupRetriesDue;
    private int[] stormAttempts;
    private final java.util.PriorityQueue<long[]> stormDue = new java.util.PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
    private long stormLastReadyNanos;
    private long stormTries;
    private final java.util.Random random = new java.util.Random();

    private void startStorm(int firstWindowMs, int maxBackoffMs, long timeoutMs) {
        stormFirstWindowMs = firstWindowMs;
        stormMaxBackoffMs = maxBackoffMs;
        resetCounters();
        handshakeHist.clear();
        refusals.clear();
        stormStart = System.nanoTime();
        stormDeadline = stormStart + timeoutMs * 1_000_000L;
        stormAttempts = new int[conns.size()];
        stormTries = 0;
        stormLastReadyNanos = stormStart;
        List<Conn> old = new ArrayList<>(conns);
        for (Conn c : old) {
            c.dead = true; // dropped by us: not a close to count
            try {
                c.ch.close();
            } catch (IOException e) {
                // dropping anyway
            }
        }
        for (int i = 0; i < old.size(); i++) {
            // a connection's place in the list is its index from now on (initial failures left no gap there)
            stormDue.add(new long[] {stormStart + (long) (random.nextDouble() * firstWindowMs * 1_000_000L), i});
        }
    }

    private void scheduleRetry(int index) {
        int attempt = ++stormAttempts[index];
        long window = Math.min((long) stormMaxBackoffMs, (long) stormFirstWindowMs << Math.min(20, attempt));
        stormDue.add(new long[] {System.nanoTime() + (long) (random.nextDouble() * window * 1_000_000L), index});
    }

    private void stormStep() {
        long now = System.nanoTime();
        int inFlight = 0;
        int readyNow = 0;
        for (Conn c : conns) {
            if (!c.dead && !c.ready) {
                inFlight++;
            } else if (c.ready && !c.dead) {
                readyNow++;
            }
        }
        while (!stormDue.isEmpty() && stormDue.peek()[0] <= now && inFlight < concurrency) {
            int index = (int) stormDue.poll()[1];
            stormTries++;
            try {
                conns.set(index, connect(index, false));
                inFlight++;
            } catch (IOException e) {
                noteError(e.toString());
                errors++;
                scheduleRetry(index);
            }
        }
        if (readyNow == conns.size() || now > stormDeadline) {
            out.printf("STORMDONE {\"n\":%d,\"ready\":%d,\"untilAllMs\":%.1f,\"elapsedMs\":%.1f,\"attempts\":%d,"
                            + "\"refusals\":\"%s\",\"errors\":%d,\"closedAfterReady\":%d,\"firstError\":\"%s\",\"handshakeHist\":\"%s\"}%n",
                    conns.size(), readyNow, (stormLastReadyNanos - stormStart) / 1e6, (now - stormStart) / 1e6, stormTries,
                    refusals, errors, closed, json(firstError), handshakeHist.sparse());
            stormDeadline = 0;
            stormDue.clear();
        }
    }

    // ---------------------------------------------------------------- churn (scenario g)

    /** CHURN rate seconds: opens connections at that rate; each subscribes, then closes with 1000 at once. */
    private long churnDeadline;
    private long churnStart;
    private double churnRate;
    private long churnOpened;
    private long churnDone;
    private long churnFailed;
    private final List<Conn> churning = new ArrayList<>();
    private int churnSource;

    private void churnStep() {
        long now = System.nanoTime();
        long due = Math.min((long) ((now - churnStart) / 1e9 * churnRate), (long) ((churnDeadline - churnStart) / 1e9 * churnRate));
        while (churnOpened < due && churning.size() < concurrency) {
            churnOpened++;
            try {
                Conn c = connect(churnSource++, true);
                churning.add(c);
            } catch (IOException e) {
                churnFailed++;
                noteError(e.toString());
            }
        }
        // a churn connection is done when its socket is closed; one stuck for 5 s is given up
        churning.removeIf(c -> {
            if (c.dead) {
                return true;
            }
            if (now - c.startNanos > 5_000_000_000L) {
                churnFailed++;
                noteError("churn connection not done within 5 s");
                close(c);
                return true;
            }
            return false;
        });
        if (now > churnDeadline && churning.isEmpty()) {
            double seconds = (now - churnStart) / 1e9;
            out.printf("CHURNDONE {\"opened\":%d,\"subscribed\":%d,\"failed\":%d,\"seconds\":%.2f,\"perSec\":%.1f,"
                            + "\"refusals\":\"%s\",\"firstError\":\"%s\",\"handshakeHist\":\"%s\"}%n",
                    churnOpened, churnDone, churnFailed, seconds, churnDone / seconds, refusals, json(firstError),
                    handshakeHist.sparse());
            churnDeadline = 0;
        }
    }

    private long drainExpected;
    private long drainQuietNanos;

    /** Returns false on QUIT. */
    private boolean command(String cmd) {
        String[] parts = cmd.split(" ");
        switch (parts[0]) {
            case "RESET" -> {
                resetCounters();
                out.println("OK");
            }
            case "SLOW" -> {
                slowOn = true;
                for (Conn c : conns) {
                    if (c.slow && !c.dead) {
                        c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_READ);
                    }
                }
                out.println("OK");
            }
            case "DRAIN" -> {
                drainExpected = Long.parseLong(parts[1]);
                drainDeadline = System.nanoTime() + Long.parseLong(parts[2]) * 1_000_000L;
                drainQuietNanos = (parts.length > 3 ? Long.parseLong(parts[3]) : 2000) * 1_000_000L;
                drainCommand = cmd;
            }
            case "REPORT" -> report();
            case "STORM" -> startStorm(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
            case "CHURN" -> {
                churnRate = Double.parseDouble(parts[1]);
                churnStart = System.nanoTime();
                churnDeadline = churnStart + (long) (Double.parseDouble(parts[2]) * 1e9);
                churnOpened = churnDone = churnFailed = 0;
                handshakeHist.clear();
                refusals.clear();
                out.println("OK");
            }
            case "QUIT" -> {
                return false;
            }
            default -> out.println("ERR unknown command " + cmd);
        }
        return true;
    }

    /** Ends a DRAIN once every fast connection has its expected count, frames stopped coming, or time is up. */
    private void checkDrain() {
        long now = System.nanoTime();
        long fastConns = conns.stream().filter(c -> !c.slow).count();
        boolean complete = received >= drainExpected * fastConns;
        boolean quiet = now - lastFrameNanos > drainQuietNanos;
        if (complete || quiet || now > drainDeadline) {
            drainCommand = null;
            report();
        }
    }

    private void report() {
        long live = conns.stream().filter(c -> !c.dead).count();
        out.printf("REPORT {\"received\":%d,\"other\":%d,\"errors\":%d,\"pings\":%d,\"closed\":%d,\"live\":%d,"
                        + "\"firstRecvUs\":%d,\"lastRecvUs\":%d,\"slowReceived\":%d,\"slowClosed\":%d,"
                        + "\"slowCloseCode\":\"%s\",\"closeCodes\":\"%s\",\"firstError\":\"%s\",\"hist\":\"%s\"}%n",
                received, other, errors, pings, closed, live, firstRecvUs, lastRecvUs, slowReceived, slowClosed,
                slowCloseCode, closeCodes, json(firstError), hist.sparse());
    }

    private void resetCounters() {
        hist.clear();
        received = other = errors = pings = closed = slowReceived = slowClosed = 0;
        firstRecvUs = lastRecvUs = 0;
        closeCodes.clear();
    }

    private void open(int index) throws IOException {
        conns.add(connect(index, false));
    }

    private Conn connect(int index, boolean churn) throws IOException {
        boolean slow = !churn && index < slowCount;
        SocketChannel ch = SocketChannel.open();
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (slow) {
                // a small window so the server sees the slow reader's backpressure within seconds
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            } else if (receiveBuffer > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            ch.bind(new InetSocketAddress(sources[index % sources.length], 0));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        Conn c = new Conn(index, ch, slow);
        c.churn = churn;
        c.startNanos = System.nanoTime();
        if (ch.connect(new InetSocketAddress(host, port))) {
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            handshake(c);
        } else {
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        }
        return c;
    }

    /** Subscribed (or, without subscribing, connected): the handshake time is recorded. */
    private void ready(Conn c) throws IOException {
        if (c.ready) {
            return;
        }
        c.ready = true;
        long now = System.nanoTime();
        handshakeHist.record((now - c.startNanos) / 1000);
        if (stormDeadline != 0) {
            stormLastReadyNanos = now;
        }
        if (c.churn) {
            churnDone++;
            c.closing = true;
            write(c, frame(0x8, new byte[] {0x03, (byte) 0xE8}, 0, 2));
        }
    }

    private void close(Conn c) {
        c.dead = true;
        try {
            c.ch.close();
        } catch (IOException e) {
            // gone
        }
    }

    private void handshake(Conn c) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nUser-Agent: herald-bench\r\n\r\n";
        write(c, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    private void processKeys() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Conn c = (Conn) key.attachment();
            try {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isConnectable()) {
                    c.ch.finishConnect();
                    key.interestOps(SelectionKey.OP_READ);
                    handshake(c);
                    continue;
                }
                if (key.isWritable()) {
                    flush(c);
                }
                if (key.isReadable()) {
                    read(c);
                }
            } catch (IOException | RuntimeException e) {
                if (firstError.isEmpty()) {
                    firstError = e.toString();
                }
                kill(c, -1);
            }
        }
    }

    private void kill(Conn c, int code) {
        if (c.dead) {
            return;
        }
        if (c.churn) {
            if (!c.ready) {
                churnFailed++;
            }
            close(c);
            return;
        }
        if (settingUp && code == -3 && conns.get(c.index) == c) {
            close(c);
            setupRetriesDue++;
            scheduleRetry(c.index);
            return;
        }
        if (stormDeadline != 0 && conns.get(c.index) == c) {
            // during a storm a failed attempt (or a connection the server closes) tries again after a backoff
            close(c);
            if (c.ready) {
                closed++;
                c.ready = false;
            } else if (code == -1 || code == -2) {
                errors++;
            }
            scheduleRetry(c.index);
            return;
        }
        c.dead = true;
        closed++;
        closeCodes.merge(code, 1, Integer::sum);
        if (c.slow) {
            slowClosed++;
            slowCloseCode = Integer.toString(code);
        }
        try {
            c.ch.close();
        } catch (IOException e) {
            // gone
        }
    }

    /** Slow connections read {@code slowBytesPerSecond / 10} bytes every 100 ms. */
    private long lastTrickle;

    private void trickleSlow() {
        long now = System.nanoTime();
        if (now - lastTrickle < 100_000_000L) {
            return;
        }
        lastTrickle = now;
        for (Conn c : conns) {
            if (c.slow && !c.dead) {
                try {
                    read(c, Math.max(1, slowBytesPerSecond / 10));
                } catch (IOException | RuntimeException e) {
                    kill(c, -1);
                }
            }
        }
    }

    private void read(Conn c) throws IOException {
        read(c, readBuffer.capacity());
    }

    private void read(Conn c, int max) throws IOException {
        ByteBuffer rb = readBuffer;
        rb.clear();
        rb.limit(Math.min(max, rb.capacity()));
        int n = c.ch.read(rb);
        if (n < 0) {
            kill(c, c.upgraded ? 1006 : -2);
            return;
        }
        if (n == 0) {
            return;
        }
        long nowUs = Clock.nowMicros();
        lastFrameNanos = System.nanoTime();
        rb.flip();
        byte[] buf;
        int len;
        if (c.leftoverLen > 0) {
            int total = c.leftoverLen + n;
            buf = total <= scratch.length ? scratch : new byte[total];
            System.arraycopy(c.leftover, 0, buf, 0, c.leftoverLen);
            rb.get(buf, c.leftoverLen, n);
            len = total;
            c.leftoverLen = 0;
        } else {
            buf = scratch;
            rb.get(buf, 0, n);
            len = n;
        }
        int pos = 0;
        if (!c.upgraded) {
            int end = indexOf(buf, 0, len, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                keep(c, buf, 0, len);
                return;
            }
            String head = new String(buf, 0, end, StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 101")) {
                String status = head.length() >= 12 ? head.substring(9, 12) : "?";
                refusals.merge(status, 1, Integer::sum);
                noteError("handshake: " + head.lines().findFirst().orElse(""));
                kill(c, -3);
                return;
            }
            c.upgraded = true;
            pos = end + 4;
            if (centrifugo) {
                String connect = "{\"id\":1,\"connect\":{\"token\":\"" + connectToken + "\"}}";
                sendText(c, subscribe ? connect + "\n{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}" : connect);
            } else if (subscribe) {
                sendText(c, "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            } else {
                ready(c);
            }
        }
        while (pos < len) {
            if (len - pos < 2) {
                break;
            }
            int b0 = buf[pos] & 0xFF;
            int b1 = buf[pos + 1] & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean masked = (b1 & 0x80) != 0;
            long plen = b1 & 0x7F;
            int hlen = 2;
            if (plen == 126) {
                if (len - pos < 4) {
                    break;
                }
                plen = ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
                hlen = 4;
            } else if (plen == 127) {
                if (len - pos < 10) {
                    break;
                }
                plen = 0;
                for (int i = 0; i < 8; i++) {
                    plen = (plen << 8) | (buf[pos + 2 + i] & 0xFF);
                }
                hlen = 10;
            }
            if (masked) {
                hlen += 4; // servers do not mask; tolerated and ignored
            }
            if (len - pos < hlen + plen) {
                break;
            }
            int p = pos + hlen;
            int pl = (int) plen;
            pos = p + pl;
            switch (opcode) {
                case 0x1, 0x0 -> {
                    if (!fin || c.fragmentLen > 0) {
                        appendFragment(c, buf, p, pl);
                        if (fin) {
                            text(c, c.fragment, 0, c.fragmentLen, nowUs);
                            c.fragmentLen = 0;
                        }
                    } else {
                        text(c, buf, p, pl, nowUs);
                    }
                }
                case 0x9 -> {
                    pings++;
                    ByteBuffer pong = frame(0xA, buf, p, pl);
                    write(c, pong);
                }
                case 0x8 -> {
                    int code = pl >= 2 ? ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF) : 1005;
                    if (!c.closing) {
                        write(c, frame(0x8, buf, p, Math.min(pl, 2)));
                    }
                    kill(c, code);
                    return;
                }
                default -> other++;
            }
        }
        if (pos < len) {
            keep(c, buf, pos, len - pos);
        }
    }

    private void text(Conn c, byte[] buf, int p, int pl, long nowUs) throws IOException {
        if (centrifugo) {
            // several replies and pushes may share a frame, one a line
            int from = p;
            int to = p + pl;
            while (from < to) {
                int nl = from;
                while (nl < to && buf[nl] != '\n') {
                    nl++;
                }
                if (nl > from) {
                    centrifugoLine(c, buf, from, nl - from, nowUs);
                }
                from = nl + 1;
            }
            return;
        }
        if (startsWith(buf, p, pl, MESSAGE_PREFIX)) {
            message(c, buf, p, pl, nowUs);
        } else if (startsWith(buf, p, pl, SUBSCRIBED_PREFIX)) {
            ready(c);
        } else if (startsWith(buf, p, pl, ERROR_PREFIX)) {
            errors++;
            noteError(new String(buf, p, Math.min(pl, 200), StandardCharsets.UTF_8));
        } else {
            other++;
        }
    }

    private void centrifugoLine(Conn c, byte[] buf, int p, int pl, long nowUs) throws IOException {
        if (pl == 2 && buf[p] == '{' && buf[p + 1] == '}') {
            pings++; // Centrifugo's application-level ping, answered with a pong of the same shape
            sendText(c, "{}");
        } else if (startsWith(buf, p, pl, C_PUSH_PREFIX)) {
            message(c, buf, p, pl, nowUs);
        } else if (indexOf(buf, p, p + pl, C_ERROR_KEY) >= 0 && buf[p + 1] == '"' && buf[p + 2] == 'i') {
            errors++;
            noteError(new String(buf, p, Math.min(pl, 200), StandardCharsets.UTF_8));
        } else if (startsWith(buf, p, pl, C_SUBSCRIBED_PREFIX)) {
            ready(c);
        } else if (startsWith(buf, p, pl, C_CONNECTED_PREFIX)) {
            if (!subscribe) {
                ready(c);
            }
        } else {
            other++;
        }
    }

    private void message(Conn c, byte[] buf, int p, int pl, long nowUs) {
        if (c.churn) {
            return;
        }
        int at = indexOf(buf, p, p + pl, T_KEY);
        long t = 0;
        if (at >= 0) {
            for (int i = at + T_KEY.length; i < p + pl; i++) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                t = t * 10 + d;
            }
        }
        if (c.slow) {
            slowReceived++;
            return;
        }
        received++;
        if (firstRecvUs == 0) {
            firstRecvUs = nowUs;
        }
        lastRecvUs = nowUs;
        hist.record(nowUs - t);
    }

    private static void appendFragment(Conn c, byte[] buf, int p, int pl) {
        if (c.fragment == null || c.fragment.length < c.fragmentLen + pl) {
            byte[] bigger = new byte[Math.max(256, (c.fragmentLen + pl) * 2)];
            if (c.fragment != null) {
                System.arraycopy(c.fragment, 0, bigger, 0, c.fragmentLen);
            }
            c.fragment = bigger;
        }
        System.arraycopy(buf, p, c.fragment, c.fragmentLen, pl);
        c.fragmentLen += pl;
    }

    private static void keep(Conn c, byte[] buf, int from, int n) {
        if (c.leftover == null || c.leftover.length < n) {
            c.leftover = new byte[Math.max(n, 512)];
        }
        System.arraycopy(buf, from, c.leftover, 0, n);
        c.leftoverLen = n;
    }

    private void sendText(Conn c, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        write(c, frame(0x1, payload, 0, payload.length));
    }

    /** A client frame: FIN, the opcode, masked with a zero key (valid, and the payload stays as it is). */
    static ByteBuffer frame(int opcode, byte[] payload, int off, int len) {
        int hlen = len < 126 ? 2 : len < 65536 ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(hlen + 4 + len);
        b.put((byte) (0x80 | opcode));
        if (len < 126) {
            b.put((byte) (0x80 | len));
        } else if (len < 65536) {
            b.put((byte) (0x80 | 126));
            b.putShort((short) len);
        } else {
            b.put((byte) (0x80 | 127));
            b.putLong(len);
        }
        b.putInt(0);
        b.put(payload, off, len);
        b.flip();
        return b;
    }

    private void write(Conn c, ByteBuffer b) throws IOException {
        if (c.pendingWrite != null) {
            ByteBuffer joined = ByteBuffer.allocate(c.pendingWrite.remaining() + b.remaining());
            joined.put(c.pendingWrite).put(b).flip();
            c.pendingWrite = joined;
            return;
        }
        c.ch.write(b);
        if (b.hasRemaining()) {
            c.pendingWrite = b;
            c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void flush(Conn c) throws IOException {
        if (c.pendingWrite != null) {
            c.ch.write(c.pendingWrite);
            if (!c.pendingWrite.hasRemaining()) {
                c.pendingWrite = null;
                c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_WRITE);
            }
        }
    }

    static boolean startsWith(byte[] buf, int p, int pl, byte[] prefix) {
        if (pl < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[p + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] buf, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ");
    }
}

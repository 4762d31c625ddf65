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

    private final String host;
    private final int port;
    private final String path;
    private final int count;
    private final String[] sources;
    private final String channel;
    private final int slowCount;
    private final boolean subscribe;
    int slowBytesPerSecond = 1000;
    private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);

    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 18);
    private final byte[] scratch = new byte[1 << 18];
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();

    // counters of the current window (reset by RESET), touched by the selector thread only
    private final Hist hist = new Hist();
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
        sub.run(a.getInt("concurrency", 200), a.getInt("connect-timeout", 120));
    }

    final class Conn {
        final int index;
        final SocketChannel ch;
        final boolean slow;
        SelectionKey key;
        boolean upgraded;
        boolean ready;
        boolean dead;
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
        while (readyCount + failed < count) {
            int inFlight = opened - readyCount - failed;
            while (opened < count && inFlight < concurrency) {
                try {
                    open(opened);
                } catch (IOException e) {
                    failed++;
                    if (firstError.isEmpty()) {
                        firstError = e.toString();
                    }
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
            failed += opened - conns.size();
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        long setupNanos = System.nanoTime() - start;
        out.printf("READY {\"n\":%d,\"ready\":%d,\"failed\":%d,\"setupMs\":%.1f,\"firstError\":\"%s\"}%n", count,
                readyCount, count - readyCount, setupNanos / 1e6, json(firstError));
        resetCounters();

        while (true) {
            selector.select(50);
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
            if (drainCommand != null) {
                checkDrain();
            }
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
        boolean slow = index < slowCount;
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (slow) {
            // a small window so the server sees the slow reader's backpressure within seconds
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        }
        ch.bind(new InetSocketAddress(sources[index % sources.length], 0));
        Conn c = new Conn(index, ch, slow);
        conns.add(c);
        if (ch.connect(new InetSocketAddress(host, port))) {
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            handshake(c);
        } else {
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
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
                if (firstError.isEmpty()) {
                    firstError = "handshake: " + head.lines().findFirst().orElse("");
                }
                kill(c, -3);
                return;
            }
            c.upgraded = true;
            pos = end + 4;
            if (subscribe) {
                sendText(c, "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            } else {
                c.ready = true;
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
                    write(c, frame(0x8, buf, p, Math.min(pl, 2)));
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

    private void text(Conn c, byte[] buf, int p, int pl, long nowUs) {
        if (startsWith(buf, p, pl, MESSAGE_PREFIX)) {
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
        } else if (startsWith(buf, p, pl, SUBSCRIBED_PREFIX)) {
            c.ready = true;
        } else if (startsWith(buf, p, pl, ERROR_PREFIX)) {
            errors++;
            if (firstError.isEmpty()) {
                firstError = new String(buf, p, Math.min(pl, 200), StandardCharsets.UTF_8);
            }
        } else {
            other++;
        }
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

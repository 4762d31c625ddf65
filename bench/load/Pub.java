import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher process: one connection, publishing at a fixed rate messages whose {@code data} is
 * {@code {"t":<epoch micros at send>,"pad":"..."}}, S bytes in all. {@code --mode ws} sends
 * {@code {"type":"publish","channel":..,"data":..}} frames over one WebSocket (acks are read by another
 * thread); {@code --mode rest} POSTs {@code {"channel":..,"data":..}} to Herald's /v1/api/publish over one
 * keep-alive HTTP/1.1 connection (reopened when the server closes it), waiting for each answer.
 *
 * <p>Commands on stdin: {@code RUN rate seconds} (prints {@code DONE {json}}), {@code QUIT}.
 */
final class Pub {

    private final String host;
    private final int port;
    private final String path;
    private final String mode;
    private final String apiKey;
    private final String channel;
    private final int size;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String firstError = "";
    private long reconnects;

    Pub(Args a) {
        host = a.get("host", "127.0.0.1");
        port = a.getInt("port", 0);
        mode = a.get("mode", "ws");
        path = a.get("path", mode.equals("ws") ? "/v1/ws" : "/v1/api/publish");
        apiKey = a.get("apikey", "");
        channel = a.get("channel", "bench");
        size = a.getInt("size", 64);
    }

    static void main(Args a) throws Exception {
        Pub pub = new Pub(a);
        pub.connect();
        System.out.println("READY {}");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = stdin.readLine()) != null; ) {
            String[] parts = line.trim().split(" ");
            if (parts[0].equals("RUN")) {
                pub.run(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
            } else if (parts[0].equals("QUIT")) {
                break;
            }
        }
        System.exit(0);
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        socket.connect(new InetSocketAddress(host, port), 5000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 65536);
        if (mode.equals("ws")) {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nUser-Agent: herald-bench-publisher\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = readHead(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("publisher handshake refused: " + status);
            }
            Thread reader = new Thread(this::readAcks, "acks");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Reads an HTTP head; returns its first line and remembers Content-Length and chunking. */
    private long contentLength;
    private boolean chunked;
    private boolean closeAfter;

    private String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in HTTP head");
            }
            head.append((char) b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        contentLength = -1;
        chunked = false;
        closeAfter = false;
        for (String line : head.toString().split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            }
        }
        return head.toString().split("\r\n")[0];
    }

    private void readAcks() {
        DataInputStream data = new DataInputStream(in);
        byte[] buf = new byte[1 << 16];
        try {
            while (true) {
                int b0 = data.readUnsignedByte();
                int b1 = data.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = data.readUnsignedShort();
                } else if (len == 127) {
                    len = data.readLong();
                }
                if ((b1 & 0x80) != 0) {
                    data.readInt();
                }
                byte[] payload = len <= buf.length ? buf : new byte[(int) len];
                data.readFully(payload, 0, (int) len);
                int opcode = b0 & 0x0F;
                if (opcode == 0x9) {
                    send(Sub.frame(0xA, payload, 0, (int) len));
                } else if (opcode == 0x8) {
                    firstError = "publisher closed by server";
                    return;
                } else if (opcode == 0x1) {
                    if (Sub.startsWith(payload, 0, (int) len, Sub.ERROR_PREFIX)) {
                        errors.incrementAndGet();
                        if (firstError.isEmpty()) {
                            firstError = new String(payload, 0, (int) Math.min(len, 200), StandardCharsets.UTF_8);
                        }
                    } else if (Sub.indexOf(payload, 0, (int) len, "\"published\"".getBytes()) >= 0) {
                        acks.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            if (firstError.isEmpty()) {
                firstError = "publisher connection: " + e;
            }
        }
    }

    private synchronized void send(java.nio.ByteBuffer frame) throws IOException {
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        out.flush();
    }

    private byte[] data(long t) {
        String head = "{\"t\":" + t + ",\"pad\":\"";
        int pad = Math.max(0, size - head.length() - 2);
        return (head + "x".repeat(pad) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private void run(double rate, double seconds) throws IOException {
        long total = Math.max(1, Math.round(rate * seconds));
        long acks0 = acks.get();
        long errors0 = errors.get();
        long reconnects0 = reconnects;
        long start = System.nanoTime();
        long startUs = Clock.nowMicros();
        long maxLateNanos = 0;
        long sent = 0;
        byte[] wsHead = ("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":").getBytes(StandardCharsets.US_ASCII);
        byte[] restHead = ("{\"channel\":\"" + channel + "\",\"data\":").getBytes(StandardCharsets.US_ASCII);
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLateNanos = Math.max(maxLateNanos, -wait);
            byte[] data = data(Clock.nowMicros());
            try {
                if (mode.equals("ws")) {
                    byte[] body = new byte[wsHead.length + data.length + 1];
                    System.arraycopy(wsHead, 0, body, 0, wsHead.length);
                    System.arraycopy(data, 0, body, wsHead.length, data.length);
                    body[body.length - 1] = '}';
                    send(Sub.frame(0x1, body, 0, body.length));
                } else {
                    byte[] body = new byte[restHead.length + data.length + 1];
                    System.arraycopy(restHead, 0, body, 0, restHead.length);
                    System.arraycopy(data, 0, body, restHead.length, data.length);
                    body[body.length - 1] = '}';
                    post(body);
                }
                sent++;
            } catch (IOException e) {
                errors.incrementAndGet();
                if (firstError.isEmpty()) {
                    firstError = e.toString();
                }
                if (mode.equals("rest")) {
                    reopen();
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        long endUs = Clock.nowMicros();
        if (mode.equals("ws")) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (acks.get() - acks0 + errors.get() - errors0 < sent && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        }
        System.out.printf("DONE {\"sent\":%d,\"target\":%d,\"elapsedMs\":%.1f,\"achievedRate\":%.1f,"
                        + "\"acks\":%d,\"errors\":%d,\"maxLateMs\":%.1f,\"reconnects\":%d,\"startUs\":%d,"
                        + "\"endUs\":%d,\"firstError\":\"%s\"}%n",
                sent, total, elapsed / 1e6, sent / (elapsed / 1e9), acks.get() - acks0, errors.get() - errors0,
                maxLateNanos / 1e6, reconnects - reconnects0, startUs, endUs, Sub.json(firstError));
        System.out.flush();
    }

    private void post(byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nX-Api-Key: " + apiKey
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[h.length + body.length];
        System.arraycopy(h, 0, req, 0, h.length);
        System.arraycopy(body, 0, req, h.length, body.length);
        out.write(req);
        out.flush();
        String status = readHead(in);
        if (chunked) {
            while (true) {
                StringBuilder line = new StringBuilder();
                for (int b; (b = in.read()) != '\n'; ) {
                    if (b < 0) {
                        throw new EOFException();
                    }
                    if (b != '\r') {
                        line.append((char) b);
                    }
                }
                int n = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
                in.readNBytes(n + 2);
                if (n == 0) {
                    break;
                }
            }
        } else if (contentLength > 0) {
            in.readNBytes((int) contentLength);
        }
        if (status.contains(" 200 ")) {
            acks.incrementAndGet();
        } else {
            errors.incrementAndGet();
            if (firstError.isEmpty()) {
                firstError = "publish answered " + status;
            }
        }
        if (closeAfter) {
            reopen();
        }
    }

    private void reopen() throws IOException {
        try {
            socket.close();
        } catch (IOException e) {
            // reopening anyway
        }
        reconnects++;
        connect();
    }
}

package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, frame by frame, for what the JDK's client will not do: send a frame
 * header that announces 64 MiB and stream its payload, flood Pings, send malformed frames, or stop reading
 * its socket and resume later. Every read waits at most the time it is given.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public record Frame(int opcode, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame (1005 when it has none). */
        public int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens {@code pathAndQuery} on 127.0.0.1 and completes the upgrade; fails unless the server answers 101. */
    public static RawWebSocket open(int port, String pathAndQuery) {
        return open(port, pathAndQuery, 0);
    }

    /**
     * As {@link #open(int, String)}, with a socket receive buffer of {@code receiveBuffer} bytes (0: the
     * system's) and extra request headers ({@code "User-Agent: x"}).
     */
    public static RawWebSocket open(int port, String pathAndQuery, int receiveBuffer, String... headers) {
        return open(port, pathAndQuery, receiveBuffer, new byte[0], headers);
    }

    /**
     * As {@link #open(int, String, int, String...)}, with {@code sentWithRequest} (frames, say) written in the
     * same write as the upgrade request, before the server has answered it.
     */
    public static RawWebSocket open(
            int port, String pathAndQuery, int receiveBuffer, byte[] sentWithRequest, String... headers) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            RawWebSocket client = new RawWebSocket(socket);
            client.upgrade(port, pathAndQuery, sentWithRequest, headers);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void upgrade(int port, String pathAndQuery, byte[] sentWithRequest, String... headers) throws IOException {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                        + Base64.getEncoder().encodeToString(key) + "\r\n"
                        + String.join(
                                "", Arrays.stream(headers).map(h -> h + "\r\n").toList()) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        // one write: the frames reach the server with the request, before its answer
        byte[] both = Arrays.copyOf(request, request.length + sentWithRequest.length);
        System.arraycopy(sentWithRequest, 0, both, request.length, sentWithRequest.length);
        out.write(both);
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed during the upgrade: " + head);
            }
            head.write(b);
        }
        String status =
                head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("the upgrade was refused: " + status);
        }
    }

    /** Sends one whole, masked frame with FIN set. */
    public void send(int opcode, byte[] payload) throws IOException {
        out.write(header(0x80 | opcode, payload.length, true));
        out.write(payload);
        out.flush();
    }

    public void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends bytes as they are: frames of one's own making, malformed ones included. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Sends the header of a frame of {@code length} bytes, then its payload in 64 KiB writes, until it is all
     * sent, a write fails (the server closed the connection) or {@code within} has passed. Returns how many
     * payload bytes were written.
     */
    public long streamFrame(int opcode, long length, Duration within) {
        byte[] chunk = new byte[64 * 1024];
        ThreadLocalRandom.current().nextBytes(chunk);
        long deadline = System.nanoTime() + within.toNanos();
        long written = 0;
        try {
            out.write(header(0x80 | opcode, length, true));
            while (written < length && System.nanoTime() < deadline) {
                int n = (int) Math.min(chunk.length, length - written);
                out.write(chunk, 0, n);
                written += n;
            }
            out.flush();
        } catch (IOException e) {
            // the server closed the connection: what was written so far is the answer
        }
        return written;
    }

    /** The next frame from the server, waiting up to {@code within}. */
    public Frame read(Duration within) throws IOException {
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        int first = readByte();
        int second = readByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = (long) readByte() << 8 | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("the connection ended inside a frame");
        }
        return new Frame(first & 0x0f, payload);
    }

    /**
     * Reads frames until the server's close frame and returns it; a connection that ends without one, or is
     * reset, reads as 1006. Fails when neither happens within {@code within}.
     */
    public Frame awaitClose(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no close within " + within);
                }
                Frame frame = read(Duration.ofNanos(left));
                if (frame.opcode() == CLOSE) {
                    return frame;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no close within " + within);
        } catch (IOException e) {
            return new Frame(CLOSE, new byte[] {(byte) (1006 >> 8), (byte) (1006 & 0xff)});
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    private static byte[] header(int firstByte, long length, boolean masked) {
        ByteArrayOutputStream header = new ByteArrayOutputStream(14);
        header.write(firstByte);
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            header.write(mask | (int) length);
        } else if (length < 65536) {
            header.write(mask | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                header.write((int) (length >>> (8 * i)));
            }
        }
        if (masked) {
            // a zero mask: the payload goes out as it is, which the server unmasks to itself
            header.writeBytes(new byte[4]);
        }
        return header.toByteArray();
    }

    /** Builds a frame's bytes, for {@link #sendRaw}: {@code firstByte} holds FIN, RSV bits and opcode. */
    public static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        byte[] header = header(firstByte, payload.length, masked);
        byte[] frame = new byte[header.length + payload.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }

    /** Drops the connection without a close frame. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }
}

package dev.herald.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One upgrade request over a plain socket and the server's whole answer: status, headers and (for a
 * refusal) the body, which Java's WebSocket client does not expose. An accepted upgrade's socket stays open
 * until {@link #close()}, so that the connection counts on the server.
 */
record RawHandshake(int status, Map<String, String> headers, String body, Socket socket) implements AutoCloseable {

    static RawHandshake of(int port, String pathAndQuery) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String[] head = readUntil(in, "\r\n\r\n").split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            head[i].substring(colon + 1).trim());
                }
            }
            if (status == 101) {
                return new RawHandshake(status, headers, "", socket);
            }
            String body = readBody(in, headers);
            socket.close();
            return new RawHandshake(status, headers, body, socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the failure is what matters
            }
            throw new UncheckedIOException(e);
        }
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static String readBody(InputStream in, Map<String, String> headers) throws IOException {
        if (headers.containsKey("content-length")) {
            return new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return "";
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size;
                (size = Integer.parseInt(readUntil(in, "\r\n").split(";")[0].trim(), 16)) > 0; ) {
            body.write(in.readNBytes(size));
            readUntil(in, "\r\n");
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    /** Reads up to and without the delimiter. */
    private static String readUntil(InputStream in, String delimiter) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.length() < delimiter.length()
                || !text.substring(text.length() - delimiter.length()).equals(delimiter)) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed after: " + text);
            }
            text.append((char) b);
        }
        return text.substring(0, text.length() - delimiter.length());
    }
}

package dev.herald.transport.netty;

import java.nio.charset.StandardCharsets;

/** The bytes of a plain client upgrade of {@code /v1/ws}, as a browser sends it, for tests over raw sockets. */
final class PlainUpgrade {

    private PlainUpgrade() {}

    static byte[] request(int port, String token) {
        return ("GET /v1/ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.herald.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RFC 6455's opening-handshake keys, for the upgrades Herald answers itself (Tomcat's direct way, the front door). */
public final class WebSocketKeys {

    private static final byte[] ACCEPT_GUID =
            "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.ISO_8859_1);

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    });

    private WebSocketKeys() {}

    /** A client's {@code Sec-WebSocket-Key}: 16 random bytes in base64. */
    public static boolean isValid(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@code Sec-WebSocket-Accept} that answers {@code key}. */
    public static String accept(String key) {
        MessageDigest sha1 = SHA1.get();
        sha1.update(key.getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1.digest(ACCEPT_GUID));
    }
}

package dev.herald.token;

import dev.herald.channel.ChannelPattern;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a compact HS256 JWS in one pass: each part decoded once by the JDK's base64url decoder, the MAC
 * computed by the JDK, header and claims read by one Jackson parse each.
 *
 * <p>Why not Nimbus, which signs Herald's tokens: every WebSocket handshake verifies one, and Nimbus's
 * constant-time base64 codec, run on the header, the payload (twice, with the raw {@code sub} check) and the
 * signature, was half of a handshake's CPU samples while the JIT was still catching up on a cold node (JFR,
 * {@code bench/CAPACITY.md}): exactly when a reconnect storm arrives. Its rules are kept, and
 * {@code Hs256VerifierTest} holds the two verifiers to the same verdicts over a corpus of tampered tokens:
 * <ul>
 *   <li>the header is a JSON object with {@code "alg":"HS256"}, a {@code typ} of {@code JWT} if any, and no
 *       {@code crit} (no extension is understood);
 *   <li>the claims are a JSON object with {@code sub} (a non-blank string), {@code exp}, {@code iat}
 *       (numbers) and {@code jti} (a string); {@code exp} is in the future and {@code nbf}, if given, is not;
 *       registered claims have their registered types, and {@code subscribe}/{@code publish} are lists of
 *       channel patterns;
 *   <li>each part is base64url without padding in its one canonical spelling, so that one signed token has
 *       exactly one accepted form, and no JSON object repeats a key.
 * </ul>
 */
final class Hs256Verifier {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ThreadLocal<Mac> macs;
    private final Clock clock;
    /**
     * The encoded header of the last token whose header passed: every token an issuer makes has the same one,
     * so it is parsed once, not once per connection (two JSON parses were a tenth of a handshake's CPU, JFR).
     * Only the header's check is skipped; the signature still covers the header's bytes.
     */
    private volatile String acceptedHeader = "";

    Hs256Verifier(SecretKey key, Clock clock) {
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    ConnectionGrant verify(String token) throws InvalidTokenException {
        if (token == null) {
            throw malformed();
        }
        int headerEnd = token.indexOf('.');
        int payloadEnd = headerEnd < 0 ? -1 : token.indexOf('.', headerEnd + 1);
        if (payloadEnd < 0 || token.indexOf('.', payloadEnd + 1) >= 0) {
            throw malformed();
        }
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        String accepted = acceptedHeader;
        boolean knownHeader = headerEnd > 0 && accepted.length() == headerEnd && token.startsWith(accepted);
        JsonNode header = knownHeader ? null : object(decode(ascii, 0, headerEnd));
        byte[] payload = decode(ascii, headerEnd + 1, payloadEnd);
        byte[] signature = decode(ascii, payloadEnd + 1, ascii.length);

        if (!knownHeader) {
            checkHeader(header);
            acceptedHeader = token.substring(0, headerEnd);
        }
        // update and doFinal with nothing between: the Mac is the thread's, and doFinal resets it for the next token
        Mac mac = macs.get();
        mac.update(ascii, 0, payloadEnd);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new InvalidTokenException("Signed JWT rejected: Invalid signature", false);
        }
        return grant(object(payload));
    }

    private static void checkHeader(JsonNode header) throws InvalidTokenException {
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isString()) {
            throw malformed();
        }
        JsonNode typ = header.get("typ");
        if (typ != null && !typ.isNull() && !(typ.isString() && typ.asString().equalsIgnoreCase("JWT"))) {
            throw new InvalidTokenException("JOSE header typ (type) not allowed", false);
        }
        if (!"HS256".equals(alg.asString())) {
            throw new InvalidTokenException("Signed JWT rejected: Another algorithm expected", false);
        }
        if (header.has("crit")) {
            throw new InvalidTokenException(
                    "Signed JWT rejected: a critical header parameter is not understood", false);
        }
    }

    private ConnectionGrant grant(JsonNode claims) throws InvalidTokenException {
        long expiresAt = seconds(claims, "exp", true);
        seconds(claims, "iat", true);
        long notBefore = seconds(claims, "nbf", false);
        text(claims, "jti", true);
        text(claims, "iss", false);
        checkAudience(claims.get("aud"));
        JsonNode sub = claims.get("sub");
        if (sub == null || sub.isNull()) {
            throw missing("sub");
        }
        long now = clock.millis();
        if (expiresAt * 1000 <= now) {
            throw new InvalidTokenException("Expired JWT", true);
        }
        if (notBefore != Long.MIN_VALUE && notBefore * 1000 > now) {
            throw new InvalidTokenException("JWT before use time", false);
        }
        // only a non-empty string names a user: a number or a list of names is refused, not turned into text
        if (!sub.isString() || sub.asString().isBlank()) {
            throw new InvalidTokenException("the token's sub is not a user name", false);
        }
        List<String> subscribe = strings(claims, "subscribe");
        List<String> publish = strings(claims, "publish");
        try {
            return new ConnectionGrant(
                    sub.asString(), expiresAt * 1000, ChannelPattern.all(subscribe), ChannelPattern.all(publish));
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
    }

    /** A NumericDate claim in whole seconds (a fraction is dropped); Long.MIN_VALUE when absent and optional. */
    private static long seconds(JsonNode claims, String name, boolean required) throws InvalidTokenException {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw missing(name);
            }
            return Long.MIN_VALUE;
        }
        // bounded so that the milliseconds never overflow: year 292,277 is late enough for a token
        if (!value.isNumber() || Math.abs(value.asDouble()) >= Long.MAX_VALUE / 1000) {
            throw malformed();
        }
        return value.asLong();
    }

    private static void text(JsonNode claims, String name, boolean required) throws InvalidTokenException {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw missing(name);
            }
        } else if (!value.isString()) {
            throw malformed();
        }
    }

    private static void checkAudience(JsonNode aud) throws InvalidTokenException {
        if (aud != null && !aud.isNull() && !aud.isString()) {
            strings(aud);
        }
    }

    /** A claim that is a list of strings; empty when absent or null. */
    private static List<String> strings(JsonNode claims, String name) throws InvalidTokenException {
        JsonNode value = claims.get(name);
        return value == null || value.isNull() ? List.of() : strings(value);
    }

    private static List<String> strings(JsonNode value) throws InvalidTokenException {
        if (!value.isArray()) {
            throw malformed();
        }
        List<String> strings = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isString()) {
                throw malformed();
            }
            strings.add(element.asString());
        }
        return strings;
    }

    private static JsonNode object(byte[] json) throws InvalidTokenException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw malformed();
            }
            return node;
        } catch (JacksonException e) {
            throw malformed();
        }
    }

    /**
     * One part's bytes: unpadded base64url only, and in its canonical spelling. A part's last character can
     * carry bits that decoding drops; if they could be set, a signed token would have several accepted
     * spellings.
     */
    private static byte[] decode(byte[] ascii, int from, int to) throws InvalidTokenException {
        int length = to - from;
        if (length == 0 || length % 4 == 1) {
            throw malformed();
        }
        for (int i = from; i < to; i++) {
            if (sextet(ascii[i]) < 0) {
                throw malformed();
            }
        }
        int unusedBits = switch (length % 4) {
            case 2 -> 0x0f;
            case 3 -> 0x03;
            default -> 0;
        };
        if ((sextet(ascii[to - 1]) & unusedBits) != 0) {
            throw malformed();
        }
        ByteBuffer decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, from, length));
        byte[] bytes = new byte[decoded.remaining()];
        decoded.get(bytes);
        return bytes;
    }

    /** The value of a base64url character, -1 for any other byte. */
    private static int sextet(byte c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    private static InvalidTokenException missing(String claim) {
        return new InvalidTokenException("JWT missing required claims: [" + claim + "]", false);
    }

    private static InvalidTokenException malformed() {
        return new InvalidTokenException("malformed token", false);
    }
}

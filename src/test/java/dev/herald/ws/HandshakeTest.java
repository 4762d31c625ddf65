package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Who may open {@code /v1/ws}: a valid HS256 connection token (401 otherwise) from an allowed Origin (403). */
class HandshakeTest extends IntegrationTest {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private int status(String token) {
        return WsClient.handshakeStatus(WsClient.uri(port, token), null);
    }

    /** Claims that the server would accept, apart from what a test changes. */
    static JWTClaimsSet claims(Instant issued, Instant expires) {
        return new JWTClaimsSet.Builder()
                .subject("mallory")
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("subscribe", List.of("**"))
                .claim("publish", List.of("**"))
                .build();
    }

    static String hs256(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HS512 token made by hand (nimbus refuses HS512 keys under 64 bytes). The server's secret must be
     * 64 bytes or more for this to prove anything, see {@link TokenAlgorithmTest}.
     */
    static String hs512(JWTClaimsSet claims, String secret) {
        return signedByHand("HS512", claims.toString(), secret);
    }

    /** A token over exactly this claims text, signed with HMAC ({@code alg} HS256, HS384 or HS512). */
    static String signedByHand(String alg, String claims, String secret) {
        String algorithm = "Hmac" + alg.replace("HS", "SHA");
        try {
            String signingInput = base64url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + base64url(claims);
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return signingInput + "."
                    + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static JWTClaimsSet validClaims() {
        Instant now = Instant.now();
        return claims(now, now.plus(Duration.ofHours(1)));
    }

    @Test
    void aTokenIssuedByTheServerUpgrades() {
        assertThat(status(token("alice", List.of("**"), List.of()))).isEqualTo(101);
    }

    @Test
    void aTokenSignedWithTheServersSecretOutsideTheServerUpgrades() {
        assertThat(status(hs256(validClaims(), SECRET))).isEqualTo(101);
    }

    /** The token may follow in a {@code connect} frame, see {@link ConnectFrameTest}. */
    @Test
    void aMissingTokenUpgradesSoThatTheTokenMayComeInTheFirstFrame() {
        assertThat(status(null)).isEqualTo(101);
        assertThat(status("")).isEqualTo(101);
    }

    @Test
    void aMalformedTokenIsUnauthorized() {
        assertThat(status("not-a-token")).isEqualTo(401);
        assertThat(status("a.b.c")).isEqualTo(401);
        assertThat(status(base64url("{\"alg\":\"HS256\"}") + ".bm90IGpzb24.c2ln"))
                .isEqualTo(401);
    }

    @Test
    void aValidTokenWithCharactersAppendedIsUnauthorized() {
        String token = token("dave", List.of("**"), List.of());
        for (String junk : List.of("!", "~", "*", "'", "(", "=", "==")) {
            assertThat(status(token + junk)).as("token + %s", junk).isEqualTo(401);
        }
    }

    @Test
    void aQueryWithAMalformedPercentEscapeIsUnauthorizedRatherThanAServerError() throws IOException {
        // java.net.URI refuses these, so they go over a plain socket, as a hand-written client might send them
        String token = token("erin", List.of("**"), List.of());
        assertThat(rawHandshakeStatus("/v1/ws?token=" + token + "%")).isEqualTo(401);
        assertThat(rawHandshakeStatus("/v1/ws?token=" + token + "&x=%zz")).isEqualTo(401);
        assertThat(rawHandshakeStatus("/v1/ws?token=%zz")).isEqualTo(401);
        assertThat(rawHandshakeStatus("/v1/ws?token=" + token))
                .as("the same request, well formed")
                .isEqualTo(101);
    }

    /** The status code of an upgrade request written by hand, with the request target exactly as given. */
    private int rawHandshakeStatus(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    @Test
    void aTokenSignedWithAnotherSecretIsUnauthorized() {
        assertThat(status(hs256(validClaims(), "another-secret-that-is-also-32-bytes-long")))
                .isEqualTo(401);
    }

    @Test
    void aTokenWhoseClaimsWereChangedAfterSigningIsUnauthorized() {
        String[] parts = token("bob", List.of("public/*"), List.of()).split("\\.");
        String widened = base64url(validClaims().toString());
        assertThat(status(parts[0] + "." + widened + "." + parts[2])).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        Instant now = Instant.now();
        String expired = hs256(claims(now.minus(Duration.ofHours(2)), now.minusSeconds(5)), SECRET);
        assertThat(status(expired)).isEqualTo(401);
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsUnauthorized() {
        String unsigned = "eyJhbGciOiJub25lIn0." + base64url(validClaims().toString()) + ".";
        assertThat(status(unsigned)).isEqualTo(401);
    }

    @Test
    void aTokenWithoutARequiredClaimIsUnauthorized() {
        Instant now = Instant.now();
        JWTClaimsSet noJti = new JWTClaimsSet.Builder(claims(now, now.plus(Duration.ofHours(1))))
                .jwtID(null)
                .build();
        assertThat(status(hs256(noJti, SECRET))).isEqualTo(401);
    }

    @Test
    void anOriginThatIsNotAllowedIsForbiddenEvenWithAValidToken() {
        String token = token("carol", List.of("**"), List.of());
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, token), "http://evil.example"))
                .isEqualTo(403);
    }

    @Test
    void aClientThatSendsNoOriginPasses() {
        String token = token("device", List.of("**"), List.of());
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, token), null)).isEqualTo(101);
    }

    @Test
    void aPageFromTheServersOwnOriginPasses() {
        String token = token("own-page", List.of("**"), List.of());
        assertThat(WsClient.handshakeStatus(WsClient.uri(port, token), "http://127.0.0.1:" + port))
                .isEqualTo(101);
    }
}

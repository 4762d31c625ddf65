package dev.herald.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.testing.MutableClock;
import dev.herald.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

class TokenServiceTest {

    /** Long enough for HS512 too, so that a token refused for its algorithm is refused for nothing else. */
    private static final String SECRET = "a-test-secret-of-sixty-four-bytes-or-more-for-hs512-0123456789abcdef";

    private final MutableClock clock = MutableClock.startingNow();
    private final TokenService tokens = service(SECRET, clock);

    @Test
    void itAcceptsItsOwnTokenAndTellsTheUserExpiryAndPatterns() throws Exception {
        TokenService.IssuedToken issued =
                tokens.issue("keda", List.of("volume/*"), List.of("chat/**"), Duration.ofMinutes(5));

        ConnectionGrant grant = tokens.verify(issued.token());

        assertThat(grant.user()).isEqualTo("keda");
        assertThat(grant.expiresAtMillis()).isEqualTo(issued.expiresAtMillis());
        assertThat(grant.maySubscribe("volume/cam-1")).isTrue();
        assertThat(grant.maySubscribe("alerts")).isFalse();
        assertThat(grant.mayPublish("chat/room/1")).isTrue();
        assertThat(grant.mayPublish("volume/cam-1")).isFalse();
    }

    @Test
    void theExpiryIsTheTtlAheadInWholeSeconds() {
        long now = clock.instant().getEpochSecond() * 1000;
        TokenService.IssuedToken issued = tokens.issue("u", List.of("**"), List.of(), Duration.ofSeconds(90));

        assertThat(issued.expiresAtMillis()).isEqualTo(now + 90_000);
    }

    @Test
    void aTokenIsAcceptedUntilItsExpiryAndRefusedAsExpiredFromThen() throws Exception {
        String token = tokens.issue("u", List.of("**"), List.of(), Duration.ofSeconds(60))
                .token();

        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.verify(token).user()).isEqualTo("u");

        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(
                        InvalidTokenException.class,
                        e -> assertThat(e.expired()).isTrue());
    }

    @Test
    void aTokenWithoutPublishPatternsMayPublishNowhere() throws Exception {
        String token = tokens.issue("u", List.of("**"), List.of(), Duration.ofMinutes(1))
                .token();

        ConnectionGrant grant = tokens.verify(token);

        assertThat(grant.mayPublish("alerts")).isFalse();
        assertThat(grant.maySubscribe("any/thing")).isTrue();
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        String token = tokens.issue("u", List.of("**"), List.of(), Duration.ofSeconds(-5))
                .token();

        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(
                        InvalidTokenException.class,
                        e -> assertThat(e.expired()).isTrue());
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsRefused() {
        String token = new PlainJWT(claims("mallory").build()).serialize();
        assertThat(token).endsWith(".");

        assertRefusedNotExpired(token);
    }

    @Test
    void aTokenWhoseHeaderWasSwitchedToAlgNoneIsRefused() {
        String[] parts = tokens.issue("u", List.of("**"), List.of(), Duration.ofMinutes(1))
                .token()
                .split("\\.");
        String none = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertRefusedNotExpired(none + "." + parts[1] + ".");
        assertRefusedNotExpired(none + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void anHs512TokenIsRefusedEvenWhenSignedWithTheRightSecret() throws Exception {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims("u").build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertRefusedNotExpired(jwt.serialize());
    }

    @Test
    void anHs384TokenIsRefused() throws Exception {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader(JWSAlgorithm.HS384), claims("u").build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertRefusedNotExpired(jwt.serialize());
    }

    @Test
    void anHs256TokenSignedWithAnotherSecretIsRefused() throws Exception {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("u").build());
        jwt.sign(new MACSigner("another-secret-that-is-also-32-bytes-or-more".getBytes(StandardCharsets.UTF_8)));

        assertRefusedNotExpired(jwt.serialize());
    }

    @Test
    void aTokenOfAnotherServerIsRefused() {
        String foreign = service("the-other-servers-secret-of-32-bytes-or-more", clock)
                .issue("u", List.of("**"), List.of(), Duration.ofMinutes(1))
                .token();

        assertRefusedNotExpired(foreign);
    }

    @Test
    void aTokenWhosePayloadWasChangedIsRefused() {
        String[] parts = tokens.issue("user", List.of("public/*"), List.of(), Duration.ofMinutes(1))
                .token()
                .split("\\.");
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("public/*", "**")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(forged).isNotEqualTo(parts[1]);

        assertRefusedNotExpired(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void aSignedTokenWithoutAJtiIsRefused() throws Exception {
        JWTClaimsSet claims =
                new JWTClaimsSet.Builder(claims("u").build()).jwtID(null).build();

        assertRefusedNotExpired(sign(claims));
    }

    @Test
    void aSignedTokenWithoutAnExpiryIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims("u").build())
                .expirationTime(null)
                .build();

        assertRefusedNotExpired(sign(claims));
    }

    @Test
    void aSignedTokenWhosePatternsAreNotPatternsIsRefused() throws Exception {
        assertRefusedNotExpired(
                sign(claims("u").claim("subscribe", List.of("not a pattern")).build()));
        assertRefusedNotExpired(sign(claims("u").claim("subscribe", 42).build()));
    }

    @Test
    void aSignatureThatDiffersOnlyInTheUnusedBitsOfItsLastCharacterIsRefused() {
        String token = tokens.issue("u", List.of("**"), List.of(), Duration.ofMinutes(1))
                .token();
        String twin = Tokens.withUnusedSignatureBitFlipped(token);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String twinSignature = twin.substring(twin.lastIndexOf('.') + 1);
        assertThat(twinSignature).isNotEqualTo(signature);
        assertThat(Base64.getUrlDecoder().decode(twinSignature))
                .as("the same signature bytes")
                .isEqualTo(Base64.getUrlDecoder().decode(signature));

        assertRefusedNotExpired(twin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"  \"", "123", "true", "null", "[\"u\"]", "{\"name\": \"u\"}"})
    void aSignedTokenWhoseSubIsNotANonEmptyStringIsRefused(String sub) throws Exception {
        JWTClaimsSet valid = claims("u").build();
        String payload = valid.toString().replace("\"sub\":\"u\"", "\"sub\":" + sub);
        assertThat(payload).contains("\"sub\":" + sub);

        assertRefusedNotExpired(signPayload(payload));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aGeneratedSecretIsLoggedOnceSoThatTokensSignedWithItElsewhereAreAccepted(CapturedOutput log) throws Exception {
        TokenService service = new TokenService(properties(null), Clock.systemUTC());

        Matcher logged = Pattern.compile("Using generated token secret: (\\S+)").matcher(log.getAll());
        assertThat(logged.find()).as("the secret is logged").isTrue();
        assertThat(log.getAll()).contains("herald.token.secret");
        TokenService elsewhere = new TokenService(properties(logged.group(1)), Clock.systemUTC());
        assertThat(service.verify(elsewhere
                                .issue("u", List.of("**"), List.of(), Duration.ofMinutes(1))
                                .token())
                        .user())
                .isEqualTo("u");
        assertThat(logged.find()).as("logged once").isFalse();
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedWithAMessageNamingThePropertyButNotTheValue() {
        String secret = "x".repeat(31);

        assertThatThrownBy(() -> new TokenService(properties(secret), Clock.systemUTC()))
                .hasMessageContaining("herald.token.secret")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(secret);
    }

    @Test
    void theSecretLengthIsCountedInUtf8Bytes() throws Exception {
        String sixteenTwoByteCharacters = "\u00e9".repeat(16);

        TokenService service = new TokenService(properties(sixteenTwoByteCharacters), Clock.systemUTC());

        assertThat(service.verify(service.issue("u", List.of("**"), List.of(), Duration.ofMinutes(1))
                                .token())
                        .user())
                .isEqualTo("u");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "a.b.c",
                "a.b",
                "....",
                "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
                "eyJhbGciOiJIUzI1NiJ9..",
                "%00%ff"
            })
    void garbageIsRefusedAsInvalid(String token) {
        assertRefusedNotExpired(token);
    }

    private void assertRefusedNotExpired(String token) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(
                        InvalidTokenException.class,
                        e -> assertThat(e.expired()).as("expired()").isFalse());
    }

    private static JWTClaimsSet.Builder claims(String user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("subscribe", List.of("**"))
                .claim("publish", List.of("**"));
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** An HS256 token over exactly this payload text, signed with the right secret. */
    private static String signPayload(String payload) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(payload));
        jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jws.serialize();
    }

    private static TokenProperties properties(String secret) {
        return new TokenProperties(secret, Duration.ofHours(1), Duration.ofHours(24), List.of("**"), List.of());
    }

    static TokenService service(String secret, Clock clock) {
        try {
            return new TokenService(properties(secret), clock);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

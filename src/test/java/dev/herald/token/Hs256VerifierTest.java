package dev.herald.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.herald.channel.ChannelPattern;
import dev.herald.testing.MutableClock;
import dev.herald.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Herald's own HS256 verifier gives the verdict Nimbus's JWT processor gave when it verified tokens (with
 * Herald's checks around it: the canonical base64url spelling and a string {@code sub}), for every token of a
 * corpus of tampered headers, claims and spellings.
 */
class Hs256VerifierTest {

    private static final byte[] SECRET =
            "a-test-secret-of-sixty-four-bytes-or-more-for-hs512-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final MutableClock clock = MutableClock.startingNow();
    private final long now = clock.millis() / 1000;
    private final Hs256Verifier verifier = new Hs256Verifier(new SecretKeySpec(SECRET, "HmacSHA256"), clock);
    private final NimbusReference reference = new NimbusReference(SECRET, clock);

    /** Where Herald is deliberately stricter than Nimbus was: its verdict, and why. */
    private static final Map<String, String> STRICTER = Map.of(
            "claims exp null", "invalid", // Nimbus let it through and the grant failed with a NullPointerException
            "claims iat null", "invalid", // a required claim without a value is missing
            "claims jti null", "invalid",
            "claims exp 1e300", "invalid"); // Nimbus overflowed it into the past, so it was "expired"

    @Test
    void everyTokenOfTheCorpusGetsTheVerdictNimbusGaveOrAStricterOne() {
        Map<String, String> corpus = corpus();
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        for (Map.Entry<String, String> token : corpus.entrySet()) {
            String ours = verdict(() -> verifier.verify(token.getValue()));
            String theirs = verdict(() -> reference.verify(token.getValue()));
            String expected = STRICTER.getOrDefault(token.getKey(), theirs);
            if (!ours.equals(expected) || STRICTER.containsKey(token.getKey()) && ours.equals(theirs)) {
                disagreements.add(token.getKey() + ": Herald " + ours + ", Nimbus " + theirs);
            }
            accepted += ours.startsWith("accepted") ? 1 : 0;
        }

        assertThat(disagreements).isEmpty();
        assertThat(corpus).containsKeys(STRICTER.keySet().toArray(String[]::new));
        assertThat(accepted).as("tokens accepted, of %d", corpus.size()).isBetween(10, corpus.size() - 60);
    }

    @Test
    void aRefusedTokenLeavesNothingBehindForTheNextTokenVerifiedOnTheSameThread() throws Exception {
        String valid = sign("{\"alg\":\"HS256\"}", claims(""));
        String shortSignature = valid.substring(0, valid.length() - 2);

        for (String refused : List.of(shortSignature, valid + "x", valid.replace(".", ".."))) {
            assertThat(verdict(() -> verifier.verify(refused))).isEqualTo("invalid");
            assertThat(verifier.verify(valid).user()).isEqualTo("u");
        }
    }

    @Test
    void aHeaderParsedOnceForEveryTokenThatCarriesItLeavesEveryOtherHeaderChecked() throws Exception {
        String valid = sign("{\"alg\":\"HS256\"}", claims(""));
        assertThat(verifier.verify(valid).user()).isEqualTo("u");

        for (String header : List.of(
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}",
                "{\"alg\":\"HS384\"}",
                "{\"alg\":\"HS256\",\"typ\":\"JOSE\"}")) {
            assertThat(verdict(() -> verifier.verify(sign(header, claims(""))))).isEqualTo("invalid");
            assertThat(verifier.verify(valid).user()).isEqualTo("u");
        }
        assertThat(verdict(() -> verifier.verify(valid.substring(valid.indexOf('.')))))
                .isEqualTo("invalid");
    }

    @Test
    void aTokenIsExpiredFromItsExpirySecondOnAndValidUntilThen() throws Exception {
        String token = sign("{\"alg\":\"HS256\"}", claims("\"exp\":" + (now + 10)));

        clock.advance(java.time.Duration.ofMillis((now + 10) * 1000 - clock.millis() - 1));
        assertThat(verifier.verify(token).expiresAtMillis()).isEqualTo((now + 10) * 1000);
        clock.advance(java.time.Duration.ofMillis(1));
        assertThat(verdict(() -> verifier.verify(token))).isEqualTo("expired");
    }

    private Map<String, String> corpus() {
        Map<String, String> corpus = new LinkedHashMap<>();
        String hs256 = "{\"alg\":\"HS256\"}";
        for (String header : List.of(
                hs256,
                "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"alg\":\"HS256\",\"typ\":\"jwt\"}",
                "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}",
                "{\"alg\":\"HS256\",\"typ\":\"JOSE\"}",
                "{\"alg\":\"HS256\",\"typ\":5}",
                "{\"alg\":\"HS256\",\"typ\":null}",
                "{\"alg\":\"HS256\",\"kid\":\"k1\"}",
                "{\"alg\":\"HS256\",\"cty\":\"text/plain\"}",
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}",
                "{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}",
                "{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
                "{\"alg\":\"hs256\"}",
                "{\"alg\":\"none\"}",
                "{\"alg\":\"HS512\"}",
                "{\"alg\":\"RS256\"}",
                "{\"alg\":42}",
                "{\"alg\":null}",
                "{\"typ\":\"JWT\"}",
                "{}",
                "[]",
                "\"HS256\"",
                "{\"alg\":\"HS256\"",
                "{\"alg\":\"HS256\"} x",
                "not json")) {
            corpus.put("header " + header, sign(header, claims("")));
        }
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("valid", claims(""));
        for (String name : List.of("sub", "exp", "iat", "jti", "subscribe", "publish")) {
            claims.put(
                    "without " + name, claims("").replaceFirst("\"" + name + "\":(\"[^\"]*\"|\\[[^]]*]|-?\\d+),?", ""));
            claims.put(name + " null", claims("\"" + name + "\":null"));
        }
        String[][] values = {
            {
                "exp",
                "" + (now - 10),
                "" + now,
                "" + (now + 1),
                "\"" + (now + 300) + "\"",
                (now + 300) + ".75",
                "1e300",
                "-5",
                "true",
                "[1]"
            },
            {"iat", "\"x\"", "" + (now + 3600), "0", "1.5"},
            {"nbf", "" + (now + 60), "" + (now - 60), "" + now, "\"soon\""},
            {"jti", "5", "\"\"", "[\"j\"]"},
            {"iss", "\"https://issuer\"", "5"},
            {"aud", "\"herald\"", "[\"herald\",\"other\"]", "[]", "5", "[5]", "{}"},
            {"sub", "\"\"", "\"  \"", "123", "true", "[\"u\"]", "{\"name\":\"u\"}", "\"\\u00e9l\\u00e8ve\""},
            {"subscribe", "[]", "[\"a.*\",\"b\"]", "\"**\"", "42", "[1]", "[\"not a pattern\"]", "[null]", "{}"},
            {"publish", "[\"**\"]", "[\"a:b\"]", "true", "[\"x y\"]"},
            {"x", "{\"y\":[1,2,{\"z\":null}]}"}
        };
        for (String[] claim : values) {
            for (int i = 1; i < claim.length; i++) {
                claims.put(claim[0] + " " + claim[i], claims("\"" + claim[0] + "\":" + claim[i]));
            }
        }
        claims.put("sub twice", claims("").replace("\"sub\":\"u\"", "\"sub\":\"u\",\"sub\":\"v\""));
        claims.put("an array", "[" + claims("") + "]");
        claims.put("a string", "\"u\"");
        claims.put("a number", "1");
        claims.put("empty", "");
        claims.put("unterminated", claims("").substring(1));
        claims.put("trailing text", claims("") + " x");
        claims.put("two objects", claims("") + claims(""));
        for (Map.Entry<String, String> payload : claims.entrySet()) {
            corpus.put("claims " + payload.getKey(), sign(hs256, payload.getValue()));
        }

        String valid = sign(hs256, claims(""));
        String signingInput = valid.substring(0, valid.lastIndexOf('.'));
        String signature = valid.substring(valid.lastIndexOf('.') + 1);
        corpus.put("spelling as issued", valid);
        corpus.put("spelling with the unused signature bit set", Tokens.withUnusedSignatureBitFlipped(valid));
        corpus.put("spelling padded", valid + "=");
        corpus.put("spelling with junk after the signature", valid + "!");
        corpus.put("spelling with a space after the signature", valid + " ");
        corpus.put("spelling with a fourth part", valid + ".e30");
        corpus.put("spelling with a trailing dot", valid + ".");
        corpus.put("spelling without a signature", signingInput + ".");
        corpus.put("spelling without the payload", valid.substring(0, valid.indexOf('.')) + ".." + signature);
        corpus.put("spelling as two parts", signingInput);
        corpus.put("spelling with a shortened signature", signingInput + "." + signature.substring(0, 40));
        corpus.put("spelling with the signature of 31 bytes", signingInput + "." + signature.substring(0, 42));
        corpus.put("spelling in standard base64", valid.replace('-', '+').replace('_', '/'));
        corpus.put("spelling with a non-ASCII letter", valid.replaceFirst("e", "\u00e9"));
        corpus.put("spelling with a header of padding", "=" + valid);
        corpus.put(
                "signed with another key",
                signWith("another-secret-of-at-least-thirty-two-bytes!!".getBytes(), hs256, claims(""), "HmacSHA256"));
        corpus.put("signed with HS512", signWith(SECRET, "{\"alg\":\"HS512\"}", claims(""), "HmacSHA512"));
        corpus.put("signed with HS512 but labelled HS256", signWith(SECRET, hs256, claims(""), "HmacSHA512"));
        corpus.put(
                "the payload of another token",
                signingInput.substring(0, signingInput.indexOf('.') + 1)
                        + BASE64URL.encodeToString(claims("\"sub\":\"admin\"").getBytes(StandardCharsets.UTF_8)) + "."
                        + signature);
        for (String garbage : List.of("", "garbage", "a.b.c", "a.b", "....", "%00%ff", "eyJhbGciOiJIUzI1NiJ9..")) {
            corpus.put("garbage " + garbage, garbage);
        }
        return corpus;
    }

    /** A claims set valid for five minutes, with {@code change} ("name":value) replacing or adding one claim. */
    private String claims(String change) {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("sub", "\"u\"");
        claims.put("iat", "" + now);
        claims.put("exp", "" + (now + 300));
        claims.put("jti", "\"j-1\"");
        claims.put("subscribe", "[\"**\"]");
        claims.put("publish", "[\"news.*\"]");
        if (!change.isEmpty()) {
            int colon = change.indexOf("\":");
            claims.put(change.substring(1, colon), change.substring(colon + 2));
        }
        StringBuilder json = new StringBuilder("{");
        claims.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(name)
                .append("\":")
                .append(value));
        return json.append('}').toString();
    }

    private static String sign(String header, String claims) {
        return signWith(SECRET, header, claims, "HmacSHA256");
    }

    private static String signWith(byte[] key, String header, String claims, String algorithm) {
        String input = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return input + "." + BASE64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Verification {
        ConnectionGrant run() throws InvalidTokenException;
    }

    /** "accepted" with what the grant says, "expired", or "invalid". */
    private static String verdict(Verification verification) {
        try {
            ConnectionGrant grant = verification.run();
            return "accepted " + grant.user() + " " + grant.expiresAtMillis() + " "
                    + grant.subscribe().stream().map(ChannelPattern::toString).toList() + " "
                    + grant.publish().stream().map(ChannelPattern::toString).toList();
        } catch (InvalidTokenException e) {
            return e.expired() ? "expired" : "invalid";
        } catch (RuntimeException e) {
            return "crashed: " + e;
        }
    }

    /** How {@code TokenService} verified tokens with Nimbus 10 before {@link Hs256Verifier}: the reference. */
    private static final class NimbusReference {

        private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

        NimbusReference(byte[] key, Clock clock) {
            SecretKey secretKey = new SecretKeySpec(key, "HmacSHA256");
            List<SecretKey> keys = List.of(secretKey);
            MACVerifier verifier;
            try {
                verifier = new MACVerifier(secretKey);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            processor.setJWSKeySelector(
                    (header, context) -> JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? keys : List.of());
            processor.setJWSVerifierFactory(new DefaultJWSVerifierFactory() {
                @Override
                public JWSVerifier createJWSVerifier(JWSHeader header, Key candidate) throws JOSEException {
                    return candidate == secretKey ? verifier : super.createJWSVerifier(header, candidate);
                }
            });
            DefaultJWTClaimsVerifier<SecurityContext> claims =
                    new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp", "iat", "jti")) {
                        @Override
                        protected Date currentTime() {
                            return Date.from(clock.instant());
                        }
                    };
            claims.setMaxClockSkew(0);
            processor.setJWTClaimsSetVerifier(claims);
        }

        ConnectionGrant verify(String token) throws InvalidTokenException {
            if (token == null || !COMPACT_JWS.matcher(token).matches() || !isCanonical(token)) {
                throw new InvalidTokenException("malformed token", false);
            }
            try {
                SignedJWT jwt = SignedJWT.parse(token);
                JWTClaimsSet claims = processor.process(jwt, null);
                if (!(jwt.getPayload().toJSONObject().get("sub") instanceof String user) || user.isBlank()) {
                    throw new InvalidTokenException("the token's sub is not a user name", false);
                }
                return new ConnectionGrant(
                        user,
                        claims.getExpirationTime().getTime(),
                        patterns(claims, "subscribe"),
                        patterns(claims, "publish"));
            } catch (BadJOSEException e) {
                throw new InvalidTokenException(e.getMessage(), e instanceof ExpiredJWTException);
            } catch (ParseException | JOSEException | IllegalArgumentException e) {
                throw new InvalidTokenException("malformed token", false);
            }
        }

        private static boolean isCanonical(String token) {
            for (String part : token.split("\\.")) {
                try {
                    if (!BASE64URL
                            .encodeToString(Base64.getUrlDecoder().decode(part))
                            .equals(part)) {
                        return false;
                    }
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            return true;
        }

        private static List<ChannelPattern> patterns(JWTClaimsSet claims, String name) throws ParseException {
            List<String> patterns = claims.getStringListClaim(name);
            return patterns == null ? List.of() : ChannelPattern.all(patterns);
        }
    }
}

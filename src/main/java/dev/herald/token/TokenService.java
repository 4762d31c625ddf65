package dev.herald.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.herald.auth.GeneratedSecret;
import dev.herald.channel.ChannelPattern;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Signs and verifies connection tokens: HS256 JWTs, nothing else accepted. */
@Service
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    static final int MIN_SECRET_BYTES = 32;
    /**
     * The compact JWS form: three unpadded base64url parts. Checked before parsing because the parser's
     * base64url decoding skips characters outside the alphabet, which would accept a token with junk
     * appended to its signature.
     */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private static final Base64.Encoder BASE64URL_ENCODER =
            Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final MACSigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Clock clock;

    TokenService(TokenProperties properties, Clock clock) throws JOSEException {
        this.clock = clock;
        String secret = properties.secret() != null
                ? properties.secret()
                : GeneratedSecret.generateUnshown(log, "token secret", "herald.token.secret");
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            // named, sized, but never echoed: the value may be a real secret with a typo
            throw new IllegalStateException("herald.token.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (HS256 needs a 256-bit key), but the configured one has " + key.length);
        }
        this.signer = new MACSigner(key);
        // One key and one verifier for every token: Nimbus's defaults (a key selector over a JWK source, a
        // verifier factory) look the key up in a JWK set and build a new verifier for each token verified,
        // which every WebSocket handshake pays for. The verifier is immutable, so it is shared.
        SecretKey secretKey = new SecretKeySpec(key, "HmacSHA256");
        List<SecretKey> keys = List.of(secretKey);
        MACVerifier verifier = new MACVerifier(secretKey);
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
                        // expiry is checked on the clock tokens are issued by
                        return Date.from(clock.instant());
                    }
                };
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
    }

    public IssuedToken issue(String user, List<String> subscribe, List<String> publish, Duration ttl) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("subscribe", subscribe)
                .claim("publish", publish)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new IssuedToken(jwt.serialize(), expires.getEpochSecond() * 1000);
    }

    public ConnectionGrant verify(String token) throws InvalidTokenException {
        if (token == null || !COMPACT_JWS.matcher(token).matches() || !isCanonicalBase64Url(token)) {
            throw new InvalidTokenException("malformed token", false);
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = processor.process(jwt, null);
            // the parser turns a numeric sub into text: only a non-empty string names a user
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

    /**
     * Each part is the one encoding of its bytes. The last character of a part can carry bits that decoding
     * drops; a token whose signature differs only there would otherwise verify as the original, so one
     * signed token would have several accepted spellings.
     */
    private static boolean isCanonicalBase64Url(String token) {
        for (String part : token.split("\\.")) {
            try {
                if (!BASE64URL_ENCODER
                        .encodeToString(BASE64URL_DECODER.decode(part))
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

    public record IssuedToken(String token, long expiresAtMillis) {}
}

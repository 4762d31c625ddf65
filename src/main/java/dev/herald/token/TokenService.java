package dev.herald.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.auth.GeneratedSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Signs (with Nimbus) and verifies ({@link Hs256Verifier}) connection tokens: HS256 JWTs, nothing else accepted. */
@Service
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final Hs256Verifier verifier;
    private final Clock clock;

    TokenService(TokenProperties properties, Clock clock) throws JOSEException {
        this.clock = clock;
        String secret = properties.secret() != null
                ? properties.secret()
                : GeneratedSecret.generate(log, "token secret", "herald.token.secret");
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            // named, sized, but never echoed: the value may be a real secret with a typo
            throw new IllegalStateException("herald.token.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (HS256 needs a 256-bit key), but the configured one has " + key.length);
        }
        this.signer = new MACSigner(key);
        this.verifier = new Hs256Verifier(new SecretKeySpec(key, "HmacSHA256"), clock);
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

    /** What a connection token allows; throws when it is not an HS256 token of this server, or has expired. */
    public ConnectionGrant verify(String token) throws InvalidTokenException {
        return verifier.verify(token);
    }

    public record IssuedToken(String token, long expiresAtMillis) {}
}

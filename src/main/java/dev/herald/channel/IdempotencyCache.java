package dev.herald.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The memory broker's first answers to publish requests by Idempotency-Key, kept 10 minutes, bounded in
 * count. Requests are remembered by a digest, so an entry costs about the same whatever the size of the
 * message.
 */
final class IdempotencyCache {

    private final Cache<String, IdempotentAnswer> entries = Caffeine.newBuilder()
            .expireAfterWrite(Broker.IDEMPOTENCY_WINDOW)
            .maximumSize(100_000)
            .build();

    /** The request's first answer: made now by {@code publish}, or the one kept from before. */
    IdempotentAnswer answer(String key, String fingerprint, Supplier<PublishResponse> publish) {
        boolean[] fresh = {false};
        IdempotentAnswer entry = entries.get(key, k -> {
            fresh[0] = true;
            return new IdempotentAnswer(fingerprint, publish.get(), false);
        });
        return fresh[0] ? entry : new IdempotentAnswer(entry.fingerprint(), entry.answer(), true);
    }

    static String fingerprint(String channel, String data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(channel.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

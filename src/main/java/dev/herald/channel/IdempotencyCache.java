package dev.herald.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** First answers to publish requests by Idempotency-Key, kept 10 minutes, bounded in count. */
@Component
class IdempotencyCache {

    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Cache<String, Entry> entries = Caffeine.newBuilder()
            .expireAfterWrite(WINDOW)
            .maximumSize(100_000)
            .build();

    /** The request's first answer: made now by {@code publish}, or the one kept from before. */
    Entry answer(String key, String fingerprint, Supplier<PublishController.PublishResponse> publish) {
        boolean[] fresh = {false};
        Entry entry = entries.get(key, k -> {
            fresh[0] = true;
            return new Entry(fingerprint, publish.get(), false);
        });
        return fresh[0] ? entry : new Entry(entry.fingerprint(), entry.response(), true);
    }

    record Entry(String fingerprint, PublishController.PublishResponse response, boolean replayed) {
    }
}

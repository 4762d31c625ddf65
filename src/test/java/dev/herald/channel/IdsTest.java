package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void aMessageIdIsARandomVersion4Uuid() {
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newMessageId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
        }
    }

    @Test
    void connectionIdsAndEpochsAreShortBase36Names() {
        for (int i = 0; i < 1000; i++) {
            assertThat(Ids.newConnectionId()).matches("[0-9a-z]{1,13}");
            assertThat(Ids.newEpoch()).matches("[0-9a-z]{1,13}");
        }
    }

    @Test
    void threadsDrawingAtOnceNeverRepeatAnId() throws InterruptedException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            threads.execute(() -> {
                for (int i = 0; i < 5000; i++) {
                    seen.add(Ids.newConnectionId());
                    seen.add(Ids.newMessageId());
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(8 * 5000 * 2);
    }
}

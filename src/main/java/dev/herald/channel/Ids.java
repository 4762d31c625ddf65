package dev.herald.channel;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;

/**
 * Herald's random names: message ids, channel epochs and connection ids. Epochs and connection ids are 63
 * random bits in base 36 (up to 13 characters), short enough for every frame and unguessable enough that a
 * restarted channel or a new connection never reuses one.
 *
 * <p>Each thread draws from its own DRBG. One shared {@code SecureRandom} (as {@link UUID#randomUUID()} uses)
 * is one lock for every handshake and every publish: in a reconnect storm on one core, its holder was
 * preempted with a queue of handshake threads waiting behind it (JFR, monitor enter events).
 */
public final class Ids {

    private static final ThreadLocal<RandomLongs> RANDOM = ThreadLocal.withInitial(RandomLongs::new);

    private Ids() {}

    /** A message's id, as publish answers and message frames carry it: a random (version 4) UUID. */
    public static String newMessageId() {
        RandomLongs random = RANDOM.get();
        long high = (random.next() & ~0xF000L) | 0x4000L;
        long low = (random.next() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** A new epoch: a channel's history starts (again) under a name it never had. */
    public static String newEpoch() {
        return shortRandom();
    }

    /** A connection's id, as the admin API lists it. */
    public static String newConnectionId() {
        return shortRandom();
    }

    private static String shortRandom() {
        return Long.toString(RANDOM.get().next() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }

    /**
     * A thread's DRBG, drawn from 64 bytes at a time: a draw costs two digests whatever its size up to 32
     * bytes (one for the output, one to update the state), so a draw per id was about 5 % of a handshake's
     * CPU in a reconnect storm (JFR); eight longs per draw of 64 bytes cost three.
     */
    private static final class RandomLongs {
        private final SecureRandom random = newGenerator();
        private final ByteBuffer drawn = ByteBuffer.allocate(64).position(64);

        long next() {
            if (!drawn.hasRemaining()) {
                random.nextBytes(drawn.array());
                drawn.clear();
            }
            return drawn.getLong();
        }
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}

package dev.herald.channel;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;

/**
 * Herald's random names: message ids, channel epochs and connection ids. Epochs and connection ids are 63
 * random bits in base 36 (up to 13 characters), short enough for every frame and unguessable enough that a
 * restarted channel or a new connection never reuses one.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A message's id, as publish answers and message frames carry it. */
    public static String newMessageId() {
        return UUID.randomUUID().toString();
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
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }
}

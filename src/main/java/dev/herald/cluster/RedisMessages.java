package dev.herald.cluster;

import dev.herald.channel.Message;
import java.util.ArrayList;
import java.util.List;

/** Messages as Redis carries them: pub/sub payloads, history stream entries and script replies. */
final class RedisMessages {

    private RedisMessages() {}

    /** A pub/sub payload: {@code epoch \n offset \n id \n accept time in µs \n data}. */
    static Message fromPubSub(String channel, String payload) {
        int a = payload.indexOf('\n');
        int b = payload.indexOf('\n', a + 1);
        int c = payload.indexOf('\n', b + 1);
        int d = payload.indexOf('\n', c + 1);
        long micros = Long.parseLong(payload, c + 1, d, 10);
        return Message.of(
                channel,
                Long.parseLong(payload, a + 1, b, 10),
                payload.substring(b + 1, c),
                micros / 1000,
                payload.substring(0, a),
                payload.substring(d + 1),
                acceptedNanos(micros));
    }

    /** Retained messages of a read: stream entries {@code [0-<offset>, [id, <id>, ts, <ts>, data, <data>]]}. */
    static List<Message> fromHistory(String channel, String epoch, List<?> entries) {
        List<Message> messages = new ArrayList<>(entries.size());
        for (Object item : entries) {
            List<?> entry = (List<?>) item;
            String streamId = (String) entry.get(0);
            List<?> fields = (List<?>) entry.get(1);
            long ts = Long.parseLong((String) fields.get(3));
            messages.add(Message.of(
                    channel,
                    Long.parseLong(streamId, 2, streamId.length(), 10),
                    (String) fields.get(1),
                    ts,
                    epoch,
                    (String) fields.get(5),
                    acceptedNanos(ts * 1000)));
        }
        return messages;
    }

    /** The accept time on this node's nanoTime clock, from Redis's wall clock (one clock for all nodes). */
    private static long acceptedNanos(long acceptedMicros) {
        java.time.Instant now = java.time.Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        return System.nanoTime() - Math.max(0, nowMicros - acceptedMicros) * 1000;
    }
}

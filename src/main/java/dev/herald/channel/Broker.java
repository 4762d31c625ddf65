package dev.herald.channel;

import java.time.Duration;
import java.util.Map;

/**
 * Orders, retains and fans out messages. The memory broker serves one node; the Redis broker shares
 * offsets, epochs, history and fan-out between nodes. Every implementation delivers each channel's messages
 * to each subscriber in offset order, and replays before live messages on subscribe.
 */
public interface Broker {

    /** How long an Idempotency-Key's first answer is kept. */
    Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(10);

    /**
     * Accepts a message, gives it the channel's next offset and hands it to every subscriber. Returns once
     * the message is kept; throws {@link BrokerUnavailableException} when it cannot be kept.
     */
    Message publish(String channel, String data);

    /**
     * Publishes under an idempotency key: the first request with {@code key} publishes, and a request with
     * the same key within {@link #IDEMPOTENCY_WINDOW} gets that first answer back and publishes nothing.
     * {@code fingerprint} identifies the request, so that the caller can tell a retry from a reuse.
     */
    IdempotentAnswer publishOnce(String channel, String data, String key, String fingerprint);

    /**
     * Adds a subscriber. The broker answers through {@link Subscriber#onSubscribed} (at once or, for a
     * clustered broker, when the shared state has been read), replaying what {@code since} missed before
     * any live message.
     */
    void subscribe(String channel, Subscriber subscriber, Since since);

    /** Removes a subscriber; once this returns it is handed nothing more. */
    void unsubscribe(String channel, Subscriber subscriber);

    HistoryPage history(String channel, long since, int limit);

    /**
     * A page of the channels this broker knows, in name order: at most {@code limit} after the channel
     * named {@code after} (from the first when null), with the total count and the next page's cursor.
     */
    ChannelPage channels(String after, int limit);

    /** A short name of the implementation for health and logs, such as {@code memory}. */
    String kind();

    /** Details for the health endpoint; throws {@link BrokerUnavailableException} when it cannot serve. */
    default Map<String, Object> health() {
        return Map.of("channels", channels(null, 1).total());
    }
}

package dev.herald.cluster;

/**
 * Where Herald keeps things in Redis. A channel's keys share the hash tag {@code {channel}}, so that the
 * scripts that touch both stay within one slot.
 */
final class RedisKeys {

    static final String NODES = "herald:nodes";
    static final String CHANNEL_STATE_PATTERN = "herald:{*}:state";

    private RedisKeys() {}

    /** Hash {@code epoch}, {@code offset}. */
    static String state(String channel) {
        return "herald:{" + channel + "}:state";
    }

    /** Stream of the retained messages, entry id {@code 0-<offset>}. */
    static String history(String channel) {
        return "herald:{" + channel + "}:history";
    }

    /** The channel name of a {@link #state} key. */
    static String channelOfState(String key) {
        return key.substring("herald:{".length(), key.length() - "}:state".length());
    }

    /** Pub/sub topic of a channel's messages. */
    static String topic(String channel) {
        return "herald:messages:" + channel;
    }

    static String idempotency(String key) {
        return "herald:idempotency:" + key;
    }

    /** Heartbeat of a node, expiring when the node stops beating. */
    static String node(String node) {
        return "herald:node:" + node;
    }

    /** Pub/sub topic where a node takes admin requests and their replies. */
    static String inbox(String node) {
        return "herald:inbox:" + node;
    }
}

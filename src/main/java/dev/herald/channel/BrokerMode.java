package dev.herald.channel;

/** Which broker a node runs: {@code herald.broker}, bound case-insensitively ({@code memory} or {@code MEMORY}). */
public enum BrokerMode {
    /** One node: channels, history and fan-out in this process. */
    MEMORY,
    /** Many nodes sharing one Redis: offsets, history and fan-out in Redis. */
    REDIS
}

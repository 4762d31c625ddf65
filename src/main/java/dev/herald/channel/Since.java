package dev.herald.channel;

/** The position a reconnecting client has seen up to. */
public record Since(long offset, String epoch) {}

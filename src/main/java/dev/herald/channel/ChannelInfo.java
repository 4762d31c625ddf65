package dev.herald.channel;

/** A channel as the admin API lists it. */
public record ChannelInfo(String channel, int subscribers, long offset, String epoch) {}

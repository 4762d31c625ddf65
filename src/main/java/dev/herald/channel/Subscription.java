package dev.herald.channel;

/** What a subscriber learns when it joins: where the channel stands, and whether its gap was recovered. */
public record Subscription(String channel, long offset, String epoch, boolean recovered) {}

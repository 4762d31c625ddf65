package dev.herald.token;

import dev.herald.channel.ChannelPattern;
import java.util.List;

/** What a verified connection token allows: who the user is, until when, and which channels. */
public record ConnectionGrant(
        String user, long expiresAtMillis, List<ChannelPattern> subscribe, List<ChannelPattern> publish) {

    public static final String ANONYMOUS = "anonymous";

    public static ConnectionGrant anonymous(List<ChannelPattern> subscribe) {
        return new ConnectionGrant(ANONYMOUS, Long.MAX_VALUE, subscribe, List.of());
    }

    public boolean maySubscribe(String channel) {
        return ChannelPattern.anyMatches(subscribe, channel);
    }

    public boolean mayPublish(String channel) {
        return ChannelPattern.anyMatches(publish, channel);
    }
}

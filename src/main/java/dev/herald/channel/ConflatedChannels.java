package dev.herald.channel;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Which channels carry live values where only the newest matters (meter levels): a subscriber that falls
 * behind on one of them is sent the newest message instead of every message, and is never cut for it.
 */
@Component
public class ConflatedChannels {

    private final List<ChannelPattern> patterns;

    ConflatedChannels(ChannelsProperties properties) {
        for (String pattern : properties.conflated()) {
            if (!ChannelPattern.isValid(pattern)) {
                throw new IllegalArgumentException("herald.channels.conflated: \"" + pattern
                        + "\" is not a channel pattern (names of A-Z a-z 0-9 _ - . : / @, * and a trailing /**)");
            }
        }
        this.patterns = ChannelPattern.all(properties.conflated());
    }

    public boolean isConflated(String channel) {
        return ChannelPattern.anyMatches(patterns, channel);
    }

    /** @param conflated patterns of conflated channels */
    @ConfigurationProperties("herald.channels")
    record ChannelsProperties(@DefaultValue("volume/**") List<String> conflated) {}
}

package dev.herald.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A channel pattern of a token or a setting: {@code *} matches one or more characters other than
 * {@code /}, a trailing {@code /**} matches anything below, and {@code **} alone matches every channel.
 */
public final class ChannelPattern {

    /** The characters a pattern may have (a {@code **} is allowed alone or as a trailing {@code /**} only). */
    public static final String REGEX = "\\*\\*|[A-Za-z0-9_\\-.:/@*]{1,200}";

    private static final Pattern SHAPE = Pattern.compile(REGEX);
    private static final Cache<String, ChannelPattern> COMPILED =
            Caffeine.newBuilder().maximumSize(10_000).build();

    private final String source;
    private final Pattern regex;

    private ChannelPattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    public static boolean isValid(String pattern) {
        if (pattern == null || !SHAPE.matcher(pattern).matches()) {
            return false;
        }
        String body = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
        return pattern.equals("**") || !body.contains("**");
    }

    /**
     * The pattern for {@code pattern}. Tokens of many connections carry the same few patterns, and each
     * connection keeps its grant, so compiled patterns are shared instead of compiled per connection.
     */
    public static ChannelPattern of(String pattern) {
        // a known pattern was valid when it was compiled: every handshake names the same few
        ChannelPattern known = pattern == null ? null : COMPILED.getIfPresent(pattern);
        if (known != null) {
            return known;
        }
        if (!isValid(pattern)) {
            throw new IllegalArgumentException("not a channel pattern: " + pattern);
        }
        return COMPILED.get(pattern, ChannelPattern::compile);
    }

    private static ChannelPattern compile(String pattern) {
        if (pattern.equals("**")) {
            return new ChannelPattern(pattern, Pattern.compile(".+"));
        }
        boolean below = pattern.endsWith("/**");
        String body = below ? pattern.substring(0, pattern.length() - 3) : pattern;
        StringBuilder regex = new StringBuilder();
        for (String literal : body.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^/]+");
            }
            regex.append(Pattern.quote(literal));
        }
        if (below) {
            regex.append("/.+");
        }
        return new ChannelPattern(pattern, Pattern.compile(regex.toString()));
    }

    public static List<ChannelPattern> all(List<String> patterns) {
        ChannelPattern[] compiled = new ChannelPattern[patterns.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = of(patterns.get(i));
        }
        return List.of(compiled);
    }

    public static boolean anyMatches(List<ChannelPattern> patterns, String channel) {
        for (ChannelPattern pattern : patterns) {
            if (pattern.matches(channel)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String channel) {
        return regex.matcher(channel).matches();
    }

    @Override
    public String toString() {
        return source;
    }
}

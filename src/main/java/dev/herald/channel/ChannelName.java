package dev.herald.channel;

import java.util.regex.Pattern;

/** The contract's rule for channel names: 1 to 200 of {@code A-Z a-z 0-9 _ - . : / @}. */
public final class ChannelName {

    public static final String REGEX = "[A-Za-z0-9_\\-.:/@]{1,200}";
    public static final String RULE = "a channel name is 1 to 200 characters of A-Z a-z 0-9 _ - . : / @";
    private static final Pattern VALID = Pattern.compile(REGEX);

    private ChannelName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}

package dev.herald.volume;

import java.util.regex.Pattern;

/** A device id names the channel {@code volume/{deviceId}}, so it is a channel name without {@code /}. */
final class DeviceId {

    static final String REGEX = "[A-Za-z0-9_\\-.:@]{1,100}";
    static final String RULE = "a device id is 1 to 100 characters of A-Z a-z 0-9 _ - . : @";
    private static final Pattern VALID = Pattern.compile(REGEX);

    private DeviceId() {}

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    static String channel(String id) {
        return "volume/" + id;
    }
}

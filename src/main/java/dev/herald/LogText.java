package dev.herald;

/**
 * Text that a client wrote (a close reason, a User-Agent, a user name, an Origin), made safe to put in a
 * {@code key=value} log line: it comes back in double quotes, with quotes, backslashes, line breaks, NUL and
 * every other control or line-separating character escaped, and cut to a length a log line can afford. So a
 * client can neither start a forged line nor end a value early and add keys of its own. Shared by every
 * feature that logs what it was sent, hence in the root package.
 */
public final class LogText {

    /** Longer text is cut here and marked with an ellipsis: a User-Agent may be kilobytes long. */
    static final int MAX_CHARS = 256;

    private LogText() {}

    /** The text in double quotes with everything unsafe escaped; {@code ""} for null. */
    public static String quoted(CharSequence text) {
        if (text == null) {
            return "\"\"";
        }
        int length = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(length + 8).append('"');
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c) || isLoneSurrogate(text, i, length)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > MAX_CHARS) {
            out.append('\u2026');
        }
        return out.append('"').toString();
    }

    /**
     * Control characters (C0, DEL, C1, including NUL), Unicode line and paragraph separators, and format
     * characters such as bidirectional overrides, which can make a log line read differently from what it holds.
     */
    private static boolean needsEscape(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            return true;
        }
        return Character.getType(c) == Character.FORMAT;
    }

    /** Half of a surrogate pair without its other half, which no encoder can write as it is. */
    private static boolean isLoneSurrogate(CharSequence text, int i, int length) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= length || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}

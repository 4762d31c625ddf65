package dev.herald.channel;

/**
 * Text that Herald stores and sends on (published {@code data}, user names): it must be well-formed UTF-16.
 * A JSON string may spell half of a surrogate pair ({@code "\ud800"}), which parses into a Java string
 * but has no UTF-8 form: stored as it is, every history page holding it would fail to encode and every
 * subscriber would get a {@code ?} instead. Refused at the door instead, for REST and WebSocket alike.
 */
public final class JsonText {

    private JsonText() {}

    /** Refuses {@code text} with an {@link InvalidDataException} naming {@code what} when it holds a lone surrogate. */
    public static void requireWellFormed(String what, CharSequence text) {
        int at = loneSurrogateAt(text);
        if (at >= 0) {
            throw new InvalidDataException(what + ": holds half of a surrogate pair (\\u"
                    + Integer.toHexString(text.charAt(at)) + " at character " + at
                    + "), which is not Unicode text; send the whole pair or another character");
        }
    }

    /** The index of the first surrogate without its other half, or -1 when there is none. */
    static int loneSurrogateAt(CharSequence text) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}

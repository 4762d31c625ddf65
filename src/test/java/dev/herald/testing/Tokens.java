package dev.herald.testing;

/** Ways to spell a signed token differently. */
public final class Tokens {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private Tokens() {}

    /**
     * The token with the last character of its signature swapped for the one that differs only in the
     * lowest bit, one of the two a 32-byte signature leaves unused (43 characters carry 258 bits): a decoder
     * that ignores those bits reads the same signature.
     */
    public static String withUnusedSignatureBitFlipped(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + BASE64URL.charAt(BASE64URL.indexOf(last) ^ 1);
    }
}

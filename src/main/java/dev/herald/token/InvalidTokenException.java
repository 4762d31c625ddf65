package dev.herald.token;

/** A connection token that cannot be used; {@link #expired()} tells an expired one from a bad one. */
public class InvalidTokenException extends Exception {

    private final boolean expired;

    InvalidTokenException(String message, boolean expired) {
        super(message, null, false, false);
        this.expired = expired;
    }

    public boolean expired() {
        return expired;
    }
}

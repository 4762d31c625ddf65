package dev.herald.problem;

import java.io.IOException;

/** Thrown while reading a request body that passes the configured size; answered with 413. */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }

    static PayloadTooLargeException causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}

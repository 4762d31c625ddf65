package dev.herald.channel;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The broker's store cannot be reached in time (Redis down or slow): nothing was accepted. The cause (the
 * store's own error) is kept for the log. REST answers 503 with code {@code unavailable} (the problem handler
 * reads the status declared here), WebSocket an {@code error} frame with that code.
 */
@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String detail) {
        super(detail);
    }

    public BrokerUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}

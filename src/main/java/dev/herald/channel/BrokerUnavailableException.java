package dev.herald.channel;

import dev.herald.problem.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The broker's store cannot be reached in time (Redis down or slow): nothing was accepted. REST answers 503
 * with code {@code unavailable}, WebSocket an {@code error} frame with that code.
 */
public class BrokerUnavailableException extends ApiException {

    public BrokerUnavailableException(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }
}

package dev.herald.channel;

import dev.herald.problem.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Data a client sent that Herald cannot keep as it is (see {@link JsonText}): REST answers 400
 * {@code bad_request}, WebSocket an {@code error} frame with that code.
 */
public class InvalidDataException extends ApiException {

    public InvalidDataException(String detail) {
        super(HttpStatus.BAD_REQUEST, detail);
    }
}

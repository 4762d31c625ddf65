package dev.herald.ws;

import dev.herald.problem.Problems;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import tools.jackson.databind.json.JsonMapper;

/** The problem+json answer of a refused upgrade, written before any WebSocket exists (and before Spring MVC). */
final class HandshakeProblem {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HandshakeProblem() {}

    /** Answers {@code status} with the contract's problem body, its code the status's ({@link Problems#codeFor}). */
    static void write(ServerHttpResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(json(status, detail));
    }

    /** The contract's problem body of a refused upgrade, as bytes. */
    static byte[] json(HttpStatus status, String detail) {
        return JSON.writeValueAsBytes(Problems.body(status.value(), detail, null));
    }
}

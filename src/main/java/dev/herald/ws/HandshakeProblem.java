package dev.herald.ws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;

/** The problem+json answer of a refused upgrade, written before any WebSocket exists. */
final class HandshakeProblem {

    private HandshakeProblem() {
    }

    static void write(ServerHttpResponse response, HttpStatus status, String code, String detail) throws IOException {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}

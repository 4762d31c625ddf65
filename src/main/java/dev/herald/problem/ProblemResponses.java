package dev.herald.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract's problem+json body for answers written where Spring MVC's exception handling does not
 * reach: servlet filters and the container itself. The same fields {@link ProblemHandler} writes.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} (when given) and {@code code}. */
    static Map<String, Object> body(int status, String detail, String instance) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known != null ? known.getReasonPhrase() : "Error " + status);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        problem.put("code", ProblemCodes.codeFor(status));
        return problem;
    }

    /** Writes the problem as the whole answer of a request no controller handles (from a filter). */
    public static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String detail,
            String instance) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(status.value(), detail, instance));
    }
}

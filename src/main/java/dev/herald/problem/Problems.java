package dev.herald.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one builder of Herald's problem answers (RFC 9457 problem+json with the contract's stable {@code code}):
 * as a {@link ProblemDetail} for Spring MVC's handlers, and as the same fields for answers written where Spring
 * MVC's exception handling does not reach (servlet filters, the container, the WebSocket handshake).
 */
public final class Problems {

    private Problems() {}

    /** The contract's stable {@code code} for an HTTP status. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    /** A problem with the status's title and code and this detail. */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", codeFor(status.value()));
        return problem;
    }

    /** A problem about the resource at {@code path} (the request path, never its query), when given. */
    public static ProblemDetail of(HttpStatusCode status, String detail, String path) {
        ProblemDetail problem = of(status, detail);
        if (path != null) {
            problem.setInstance(URI.create(path.replace(" ", "%20")));
        }
        return problem;
    }

    /** Adds the code to a problem Spring built, unless it has one. */
    public static ProblemDetail withCode(ProblemDetail problem) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", codeFor(problem.getStatus()));
        }
        return problem;
    }

    /**
     * The problem as a JSON object, for code that writes the answer itself: {@code type}, {@code title},
     * {@code status}, {@code detail}, {@code instance} (when given) and {@code code}, the fields
     * {@link ProblemHandler} answers with.
     */
    public static Map<String, Object> body(int status, String detail, String instance) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known != null ? known.getReasonPhrase() : "Error " + status);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        problem.put("code", codeFor(status));
        return problem;
    }

    /** Writes the problem as the whole answer of a request no controller handles (from a filter). */
    public static void write(
            HttpServletResponse response, JsonMapper json, HttpStatus status, String detail, String instance)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(status.value(), detail, instance));
    }
}

package dev.herald.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Gives every operation the error answers the server really sends, as problem+json with the
 * {@code Problem} schema: 400 and 401 everywhere, 413 and 415 where there is a request body, and what the
 * handler lists in {@link ErrorAnswers}.
 */
@Component
class ProblemResponses implements OperationCustomizer {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final Map<HttpStatus, String> MEANING = Map.of(
            HttpStatus.BAD_REQUEST, "The request is malformed or a value breaks its rule; `detail` says which",
            HttpStatus.UNAUTHORIZED, "No API key, or not a valid one (`Authorization: Bearer <key>` or `X-Api-Key`)",
            HttpStatus.NOT_FOUND, "Nothing by that id",
            HttpStatus.CONFLICT, "The Idempotency-Key was used for a different request within the last 10 minutes",
            HttpStatus.CONTENT_TOO_LARGE, "The body is larger than `herald.limits.max-message-size`",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body is not `application/json`",
            HttpStatus.SERVICE_UNAVAILABLE, "The broker cannot be reached (Redis down); safe to retry");

    private static final Map<HttpStatus, String> EXAMPLE_DETAIL = Map.of(
            HttpStatus.BAD_REQUEST, "limit must be 1 to 1000",
            HttpStatus.UNAUTHORIZED, "the API key is not valid",
            HttpStatus.NOT_FOUND, "no open connection 3f1c2a9e-7d4b-4f0e-9a51-6c2d8e0b7a13",
            HttpStatus.CONFLICT, "this Idempotency-Key was used for a different request within the last 10 minutes",
            HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than 65536 bytes",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type 'text/plain' is not supported.",
            HttpStatus.SERVICE_UNAVAILABLE, "Redis is not reachable: Connection refused");

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        TreeSet<HttpStatus> statuses = new TreeSet<>();
        statuses.add(HttpStatus.BAD_REQUEST);
        statuses.add(HttpStatus.UNAUTHORIZED);
        if (operation.getRequestBody() != null) {
            statuses.add(HttpStatus.CONTENT_TOO_LARGE);
            statuses.add(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
        ErrorAnswers listed = handler.getMethodAnnotation(ErrorAnswers.class);
        if (listed != null) {
            statuses.addAll(java.util.List.of(listed.value()));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        for (HttpStatus status : statuses) {
            responses.addApiResponse(Integer.toString(status.value()), problem(status));
        }
        operation.setResponses(responses);
        return operation;
    }

    private static ApiResponse problem(HttpStatus status) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("status", status.value());
        example.put("title", status.getReasonPhrase());
        example.put("detail", EXAMPLE_DETAIL.getOrDefault(status, status.getReasonPhrase()));
        example.put("code", ProblemSchema.codeOf(status));
        return new ApiResponse()
                .description(MEANING.getOrDefault(status, status.getReasonPhrase()))
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType()
                                        .schema(new Schema<>().$ref(ProblemSchema.REF))
                                        .example(example)));
    }
}

package dev.herald.openapi;

import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The {@code Problem} schema: RFC 9457 problem details with the contract's stable {@code code}. */
final class ProblemSchema {

    static final String NAME = "Problem";
    static final String REF = "#/components/schemas/" + NAME;

    private ProblemSchema() {}

    static Schema<?> schema() {
        return new ObjectSchema()
                .description("An error (RFC 9457 problem details, `application/problem+json`). Never a stack trace.")
                .addProperty(
                        "type",
                        new StringSchema()
                                .description("A URI naming the problem type; absent "
                                        + "(`about:blank`) for the plain HTTP meaning of the status"))
                .addProperty(
                        "title",
                        new StringSchema()
                                .description("The status's reason phrase")
                                .example("Bad Request"))
                .addProperty(
                        "status",
                        new IntegerSchema()
                                .minimum(java.math.BigDecimal.valueOf(400))
                                .maximum(java.math.BigDecimal.valueOf(599))
                                .description("The HTTP status")
                                .example(400))
                .addProperty(
                        "detail",
                        new StringSchema()
                                .description("What was wrong, for a person to read")
                                .example("limit must be 1 to 1000"))
                .addProperty(
                        "instance",
                        new StringSchema()
                                .description("The path that was requested")
                                .example("/v1/api/channels"))
                .addProperty(
                        "code",
                        new StringSchema()
                                .description("Stable, for programs to act on: bad_request, "
                                        + "unauthorized, forbidden, not_found, conflict, payload_too_large, unsupported_media_type, "
                                        + "rate_limited, unavailable")
                                .example("bad_request"))
                .required(List.of("status", "title", "detail", "code"));
    }

    /** The contract's code of the statuses the REST API documents. */
    static String codeOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad_request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case CONFLICT -> "conflict";
            case CONTENT_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case TOO_MANY_REQUESTS -> "rate_limited";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> throw new IllegalArgumentException("no documented code for " + status);
        };
    }
}

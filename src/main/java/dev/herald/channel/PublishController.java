package dev.herald.channel;

import dev.herald.openapi.ErrorAnswers;
import dev.herald.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "messages")
class PublishController {

    private final PublishService publisher;

    PublishController(PublishService publisher) {
        this.publisher = publisher;
    }

    @Operation(
            summary = "Publish a message to a channel",
            description = "Gives the message the channel's next offset, keeps it in the channel's history and "
                    + "delivers it to every subscriber. With an `Idempotency-Key`, a repeat of the same request "
                    + "within 10 minutes gets the first answer (header `Idempotency-Replayed: true`) and publishes "
                    + "nothing new.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PublishRequest.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "alert",
                                                            summary = "A warning for every page subscribed to `alerts`",
                                                            value =
                                                                    "{\"channel\": \"alerts\", \"data\": {\"text\": \"disk almost full on db-1\", "
                                                                            + "\"level\": \"warning\"}}"))))
    @ErrorAnswers({HttpStatus.CONFLICT, HttpStatus.SERVICE_UNAVAILABLE})
    @PostMapping(path = "/v1/api/publish", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublishResponse> publish(
            @Valid @RequestBody PublishRequest request,
            @Parameter(
                            description = "Makes a retry safe: the same key within 10 minutes publishes once",
                            schema = @Schema(minLength = 1, maxLength = 200, example = "order-1234-shipped"))
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey) {
        if (request.data() == null) {
            throw ApiException.badRequest("data: is required (any JSON value)");
        }
        String data = request.data().toString();
        if (idempotencyKey == null) {
            return ResponseEntity.ok(PublishResponse.of(publisher.publish(request.channel(), data, "api")));
        }
        if (idempotencyKey.isEmpty() || idempotencyKey.length() > 200) {
            throw ApiException.badRequest("Idempotency-Key: must be 1 to 200 characters");
        }
        String fingerprint = IdempotencyCache.fingerprint(request.channel(), data);
        IdempotentAnswer entry = publisher.publishOnce(request.channel(), data, idempotencyKey, fingerprint, "api");
        if (!entry.fingerprint().equals(fingerprint)) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "this Idempotency-Key was used for a different request within the last 10 minutes");
        }
        return ResponseEntity.ok()
                .header("Idempotency-Replayed", Boolean.toString(entry.replayed()))
                .body(entry.answer());
    }

    record PublishRequest(
            @Schema(description = ChannelName.RULE, example = "alerts")
            @NotNull
            @Pattern(regexp = ChannelName.REGEX, message = ChannelName.RULE)
            String channel,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            JsonNode data) {}
}

package dev.herald.channel;

import dev.herald.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
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
class PublishController {

    private final PublishService publisher;

    PublishController(PublishService publisher) {
        this.publisher = publisher;
    }

    @Operation(summary = "Publish a message to a channel")
    @PostMapping(path = "/v1/api/publish", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublishResponse> publish(@Valid @RequestBody PublishRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
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
            throw new ApiException(HttpStatus.CONFLICT,
                    "this Idempotency-Key was used for a different request within the last 10 minutes");
        }
        return ResponseEntity.ok().header("Idempotency-Replayed", Boolean.toString(entry.replayed()))
                .body(entry.answer());
    }

    record PublishRequest(
            @NotNull @Pattern(regexp = ChannelName.REGEX, message = ChannelName.RULE) String channel,
            JsonNode data) {
    }
}

package dev.herald.token;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.herald.channel.ChannelPattern;
import dev.herald.channel.JsonText;
import dev.herald.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "tokens")
class CreateTokenController {

    private final TokenService tokens;
    private final TokenProperties properties;

    CreateTokenController(TokenService tokens, TokenProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Operation(
            summary = "Issue a connection token for one user",
            description = "Property names are case-insensitive (`UserName` and `userName` both work); only the "
                    + "user name is required. Subscribe patterns default to `herald.token.default-subscribe`.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CreateTokenRequest.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "keda",
                                                            summary = "A token for user keda that may read alerts "
                                                                    + "and the volume channels",
                                                            value =
                                                                    "{\"userName\": \"keda\", \"requestId\": \"1614738418531\", "
                                                                            + "\"subscribe\": [\"alerts\", \"volume/*\"], \"publish\": [], "
                                                                            + "\"ttlSeconds\": 3600}"))))
    @PostMapping(path = "/v1/api/createtoken", consumes = MediaType.APPLICATION_JSON_VALUE)
    CreateTokenResponse create(@Valid @RequestBody CreateTokenRequest request) {
        JsonText.requireWellFormed("UserName", request.userName());
        JsonText.requireWellFormed("RequestId", request.requestId());
        List<String> subscribe = request.subscribe() != null ? request.subscribe() : properties.defaultSubscribe();
        List<String> publish = request.publish() != null ? request.publish() : properties.defaultPublish();
        for (String pattern : concat(subscribe, publish)) {
            if (!ChannelPattern.isValid(pattern)) {
                throw ApiException.badRequest("'" + pattern + "' is not a channel pattern");
            }
        }
        Duration ttl =
                request.ttlSeconds() != null ? Duration.ofSeconds(request.ttlSeconds()) : properties.defaultTtl();
        if (ttl.compareTo(properties.maxTtl()) > 0) {
            throw ApiException.badRequest(
                    "TtlSeconds: must be at most " + properties.maxTtl().toSeconds());
        }
        TokenService.IssuedToken issued = tokens.issue(request.userName(), subscribe, publish, ttl);
        return new CreateTokenResponse(
                issued.token(), request.userName(), request.requestId(), issued.expiresAtMillis());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    record CreateTokenRequest(
            @NotBlank @Size(max = 200) String userName,
            @Size(max = 200) String requestId,

            @ArraySchema(schema = @Schema(pattern = ChannelPattern.REGEX, example = "volume/*")) @Size(max = 100)
            List<String> subscribe,

            @ArraySchema(schema = @Schema(pattern = ChannelPattern.REGEX, example = "alerts")) @Size(max = 100)
            List<String> publish,

            @Positive Long ttlSeconds) {}

    record CreateTokenResponse(
            String token, String userName, @Nullable String requestId, long expiresAt) {}
}

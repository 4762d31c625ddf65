package dev.herald.token;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.herald.channel.ChannelPattern;
import dev.herald.channel.JsonText;
import dev.herald.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CreateTokenController {

    private final TokenService tokens;
    private final TokenProperties properties;

    CreateTokenController(TokenService tokens, TokenProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Operation(summary = "Issue a connection token for one user")
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
        Duration ttl = request.ttlSeconds() != null ? Duration.ofSeconds(request.ttlSeconds()) : properties.defaultTtl();
        if (ttl.compareTo(properties.maxTtl()) > 0) {
            throw ApiException.badRequest("TtlSeconds: must be at most " + properties.maxTtl().toSeconds());
        }
        TokenService.IssuedToken issued = tokens.issue(request.userName(), subscribe, publish, ttl);
        return new CreateTokenResponse(issued.token(), request.userName(), request.requestId(), issued.expiresAtMillis());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    record CreateTokenRequest(
            @NotBlank @Size(max = 200) String userName,
            @Size(max = 200) String requestId,
            @Size(max = 100) List<String> subscribe,
            @Size(max = 100) List<String> publish,
            @Positive Long ttlSeconds) {
    }

    record CreateTokenResponse(String token, String userName, String requestId, long expiresAt) {
    }
}

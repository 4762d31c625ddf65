package dev.herald.admin;

import dev.herald.channel.Broker;
import dev.herald.channel.ChannelName;
import dev.herald.channel.ChannelPage;
import dev.herald.openapi.ErrorAnswers;
import dev.herald.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "channels")
class ChannelsController {

    /** A page as large as the most a caller may ask for: one token can make tens of thousands of channels. */
    static final int MAX_LIMIT = 1000;

    private final Broker broker;

    ChannelsController(Broker broker) {
        this.broker = broker;
    }

    @Operation(summary = "Channels with their subscriber counts, offsets and epochs, a page at a time in name order")
    @ErrorAnswers(HttpStatus.SERVICE_UNAVAILABLE)
    @GetMapping("/v1/api/channels")
    ChannelPage channels(
            @Parameter(description = "channels per page, 1 to 1000")
                    @RequestParam(defaultValue = "1000")
                    @Min(value = 1, message = "limit must be 1 to 1000")
                    @Max(value = MAX_LIMIT, message = "limit must be 1 to 1000")
                    int limit,
            @Parameter(description = "the `next` of the previous page: the page starts after this channel name")
                    @RequestParam(required = false)
                    String after) {
        if (after != null && !after.isEmpty() && !ChannelName.isValid(after)) {
            throw ApiException.badRequest("after: " + ChannelName.RULE);
        }
        return broker.channels(after == null || after.isEmpty() ? null : after, limit);
    }
}

package dev.herald.channel;

import dev.herald.openapi.ErrorAnswers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "messages")
class HistoryController {

    private final Broker broker;

    HistoryController(Broker broker) {
        this.broker = broker;
    }

    @Operation(
            summary = "Retained messages of a channel after an offset, oldest first",
            description = "To page, call again with `since` set to the offset of the last message received. "
                    + "Compare `epoch` with the one you remembered: when it changed, the channel's history "
                    + "started again and your offset belongs to the old one.")
    @ErrorAnswers(HttpStatus.SERVICE_UNAVAILABLE)
    @GetMapping("/v1/api/history")
    HistoryPage history(
            @Parameter(example = "alerts")
                    @RequestParam
                    @Pattern(regexp = ChannelName.REGEX, message = ChannelName.RULE)
                    String channel,
            @Parameter(description = "messages with an offset above this one")
                    @RequestParam(defaultValue = "0")
                    @Min(value = 0, message = "since must be >= 0")
                    long since,
            @Parameter(description = "messages at most, 1 to 1000")
                    @RequestParam(defaultValue = "100")
                    @Min(value = 1, message = "limit must be 1 to 1000")
                    @Max(value = 1000, message = "limit must be 1 to 1000")
                    int limit) {
        return broker.history(channel, since, limit);
    }
}

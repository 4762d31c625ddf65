package dev.herald.channel;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class HistoryController {

    private final Broker broker;

    HistoryController(Broker broker) {
        this.broker = broker;
    }

    @Operation(summary = "Retained messages of a channel after an offset, oldest first")
    @GetMapping("/v1/api/history")
    HistoryPage history(
            @RequestParam @Pattern(regexp = ChannelName.REGEX, message = ChannelName.RULE) String channel,
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "since must be >= 0") long since,
            @RequestParam(defaultValue = "100") @Min(value = 1, message = "limit must be 1 to 1000")
            @Max(value = 1000, message = "limit must be 1 to 1000") int limit) {
        return broker.history(channel, since, limit);
    }
}

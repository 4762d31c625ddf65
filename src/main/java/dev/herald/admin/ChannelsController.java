package dev.herald.admin;

import dev.herald.channel.Broker;
import dev.herald.channel.ChannelInfo;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ChannelsController {

    private final Broker broker;

    ChannelsController(Broker broker) {
        this.broker = broker;
    }

    @Operation(summary = "Channels with their subscriber counts, offsets and epochs")
    @GetMapping("/v1/api/channels")
    ChannelList channels() {
        return new ChannelList(broker.channels());
    }

    record ChannelList(List<ChannelInfo> channels) {
    }
}

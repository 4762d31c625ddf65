package dev.herald.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A connection as the admin API shows it ({@code Conn} in the contract), with its {@code kind}: {@code client}
 * for {@code /v1/ws}, {@code ingest} for a device's audio stream.
 */
public record ConnectionView(
        String id,
        String user,
        String node,
        String remoteAddress,
        String userAgent,
        String uri,
        String kind,
        String state,
        long connectedAt,
        Long lastPongAt,
        Long rttMs,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        List<String> subscriptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<RecentFrames.FrameRecord> recent) {
}

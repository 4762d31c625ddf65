package dev.herald.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A connection as the admin API shows it ({@code Conn} in the contract), with its {@code kind}: {@code client}
 * for {@code /v1/ws}, {@code ingest} for a device's audio stream.
 */
public record ConnectionView(
        String id,
        String user,
        String node,
        @Nullable String remoteAddress,
        @Nullable String userAgent,
        @Nullable String uri,
        String kind,
        String state,
        long connectedAt,
        @Nullable Long lastPongAt,
        @Nullable Long rttMs,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        List<String> subscriptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<RecentFrame> recent) {

    /** One of the connection's last frames in or out, as the admin API shows it. */
    public record RecentFrame(
            String direction,
            String kind,
            int bytes,
            long ts,
            @Nullable String preview) {}
}

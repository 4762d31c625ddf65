package dev.herald.channel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.herald.transport.OutboundFrame;
import java.nio.charset.StandardCharsets;

/**
 * One accepted message. {@code data} is kept as its JSON text and {@code frame} is the complete WebSocket
 * frame in UTF-8, both made once at publish time and shared by every subscriber and the history: the message
 * is itself the shared frame that subscribers' outbound queues hold.
 */
@JsonPropertyOrder({"channel", "offset", "id", "ts", "data"})
public record Message(
        String channel,
        long offset,
        String id,
        long ts,
        @JsonRawValue String data,
        @JsonIgnore String epoch,
        @JsonIgnore byte[] frame,
        @JsonIgnore long acceptedNanos)
        implements OutboundFrame.Shared {

    /**
     * A message accepted elsewhere (by a shared store): {@code acceptedNanos} is its accept time on this
     * node's {@link System#nanoTime} clock, for the delivery latency.
     */
    public static Message of(
            String channel, long offset, String id, long ts, String epoch, String data, long acceptedNanos) {
        String frame = "{\"type\":\"message\",\"channel\":\"" + channel + "\",\"offset\":" + offset + ",\"id\":\"" + id
                + "\",\"ts\":" + ts + ",\"data\":" + data + "}";
        return new Message(channel, offset, id, ts, data, epoch, frame.getBytes(StandardCharsets.UTF_8), acceptedNanos);
    }
}

package dev.herald.transport;

import jakarta.websocket.SendHandler;

/**
 * Writes one connection's frames to its socket without blocking the caller. Made per connection by
 * {@link FrameWriters}; called by the connection's {@link OutboundQueue} only, one batch at a time.
 */
public interface FrameWriter {

    /**
     * Writes {@code frames[0..count)}, each a {@link OutboundFrame.Shared}, {@link OutboundFrame.Text} or
     * {@link OutboundFrame.Ping} (never a {@link OutboundFrame.Newest}), in order, then calls {@code done} once.
     * {@code done} may run before this returns, on the calling thread, when the write finished at once.
     */
    void write(OutboundFrame[] frames, int count, SendHandler done);

    /** How many frames one {@link #write} takes at most. */
    int batchLimit();
}

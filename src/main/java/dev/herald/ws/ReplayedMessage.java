package dev.herald.ws;

import dev.herald.channel.Message;
import dev.herald.transport.OutboundFrame;

/**
 * A retained message written to a subscriber that recovered with {@code since}: the same shared frame as the
 * live message, marked so that it is counted as a replay and not timed as a delivery (its age is how long the
 * subscriber was away, not how long the server took).
 */
record ReplayedMessage(Message message) implements OutboundFrame.Shared {

    @Override
    public byte[] frame() {
        return message.frame();
    }
}

package dev.herald.ws;

import dev.herald.channel.Message;
import dev.herald.channel.Subscriber;
import dev.herald.channel.Subscription;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.transport.OutboundFrame;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One connection's subscription to one channel, as the broker sees it. On a stream channel every message is
 * queued and a connection whose queue overflows is cut; on a conflated channel only the newest unwritten
 * message is kept ({@link OutboundFrame.Newest}) and the ones it replaces are counted as conflated.
 */
final class ChannelSubscriber implements Subscriber {

    private final Connection connection;
    private final JsonNode requestId;
    private final SlowConsumerCut cut;
    private final HeraldMetrics metrics;
    private final OutboundFrame.Newest newest;

    /** What to do with a connection whose queue overflowed; never runs the close on the caller's lock. */
    interface SlowConsumerCut {
        void cut(Connection connection);
    }

    ChannelSubscriber(
            Connection connection, JsonNode requestId, SlowConsumerCut cut, HeraldMetrics metrics, boolean conflated) {
        this.connection = connection;
        this.requestId = requestId;
        this.cut = cut;
        this.metrics = metrics;
        this.newest = conflated ? new OutboundFrame.Newest() : null;
    }

    @Override
    public void onSubscribed(Subscription subscription, List<Message> replay) {
        connection.send(Frames.subscribed(requestId, subscription));
        for (Message message : replay) {
            connection.replay(message);
        }
    }

    @Override
    public void onMessage(Message message) {
        if (connection.isClosing()) {
            return;
        }
        if (newest == null) {
            if (!connection.deliver(message)) {
                cut.cut(connection);
            }
            return;
        }
        if (newest.put(message) != null) {
            metrics.conflated(1);
        }
        if (newest.claimPlace()) {
            connection.deliverNewest(newest);
        }
    }
}

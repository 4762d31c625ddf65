package dev.herald.ws;

import dev.herald.channel.Message;
import dev.herald.channel.Subscriber;
import dev.herald.channel.Subscription;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One connection's subscription to one channel, as the broker sees it. */
final class ChannelSubscriber implements Subscriber {

    private final Connection connection;
    private final JsonNode requestId;
    private final SlowConsumerCut cut;

    /** What to do with a connection whose queue overflowed; never runs the close on the caller's lock. */
    interface SlowConsumerCut {
        void cut(Connection connection);
    }

    ChannelSubscriber(Connection connection, JsonNode requestId, SlowConsumerCut cut) {
        this.connection = connection;
        this.requestId = requestId;
        this.cut = cut;
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
        if (!connection.isClosing() && !connection.deliver(message)) {
            cut.cut(connection);
        }
    }
}

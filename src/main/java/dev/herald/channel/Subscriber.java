package dev.herald.channel;

import java.util.List;

/**
 * The receiving end of a subscription. The broker calls these methods while it holds the channel's order,
 * so they must only hand the message over (enqueue) and never block.
 */
public interface Subscriber {

    /** The subscription is in place; {@code replay} are the recovered messages, oldest first. */
    void onSubscribed(Subscription subscription, List<Message> replay);

    void onMessage(Message message);
}

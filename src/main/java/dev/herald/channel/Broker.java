package dev.herald.channel;

import java.util.List;

/**
 * Orders, retains and fans out messages. The memory broker serves one node; a clustered broker shares
 * offsets, epochs and history between nodes. Every implementation delivers each channel's messages to
 * each subscriber in offset order, and replays before live messages on subscribe.
 */
public interface Broker {

    /** Accepts a message, gives it the channel's next offset and hands it to every subscriber. */
    Message publish(String channel, String data);

    /** Adds a subscriber; when {@code since} is given, replays what it missed before any live message. */
    Subscription subscribe(String channel, Subscriber subscriber, Since since);

    void unsubscribe(String channel, Subscriber subscriber);

    HistoryPage history(String channel, long since, int limit);

    List<ChannelInfo> channels();

    /** A short name of the implementation for health and logs, such as {@code memory}. */
    String kind();
}

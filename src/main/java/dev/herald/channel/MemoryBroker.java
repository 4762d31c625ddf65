package dev.herald.channel;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one-node broker. Each channel has a lock that covers offset assignment, history and hand-over to
 * subscribers, which is what keeps every subscriber's view in offset order and makes replay race-free.
 * Hand-over is an enqueue, so the lock is held for microseconds per subscriber.
 */
class MemoryBroker implements Broker {

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final IdempotencyCache idempotency = new IdempotencyCache();
    private final int historySize;
    private final long ttlMillis;
    private final Clock clock;

    MemoryBroker(HistoryProperties history, Clock clock) {
        this.historySize = history.size();
        this.ttlMillis = history.ttl().toMillis();
        this.clock = clock;
    }

    @Override
    public Message publish(String channel, String data) {
        String id = Ids.newMessageId();
        return withChannel(channel, state -> {
            Message message =
                    Message.of(channel, state.offset + 1, id, clock.millis(), state.epoch, data, System.nanoTime());
            state.offset = message.offset();
            state.lastActivity = message.ts();
            state.history.append(message);
            for (Subscriber subscriber : state.subscribers) {
                subscriber.onMessage(message);
            }
            return message;
        });
    }

    @Override
    public IdempotentAnswer publishOnce(String channel, String data, String key, String fingerprint) {
        return idempotency.answer(key, fingerprint, () -> PublishResponse.of(publish(channel, data)));
    }

    @Override
    public void subscribe(String channel, Subscriber subscriber, Since since) {
        withChannel(channel, state -> {
            state.history.expire(clock.millis() - ttlMillis);
            List<Message> replay = List.of();
            boolean recovered = false;
            if (since != null && state.epoch.equals(since.epoch()) && since.offset() <= state.offset) {
                replay = state.history.after(since.offset(), historySize);
                recovered = since.offset() + 1 >= state.history.oldestOffset();
            }
            Subscription subscription = new Subscription(channel, state.offset, state.epoch, recovered);
            subscriber.onSubscribed(subscription, replay);
            state.subscribers.add(subscriber);
            return subscription;
        });
    }

    @Override
    public void unsubscribe(String channel, Subscriber subscriber) {
        Channel state = channels.get(channel);
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (state.subscribers.remove(subscriber)) {
                state.lastActivity = clock.millis();
            }
        }
    }

    @Override
    public HistoryPage history(String channel, long since, int limit) {
        return withChannel(channel, state -> {
            state.history.expire(clock.millis() - ttlMillis);
            return new HistoryPage(channel, state.epoch, state.offset, state.history.after(since, limit));
        });
    }

    @Override
    public ChannelPage channels(String after, int limit) {
        ChannelPage.Window window = ChannelPage.window(channels.keySet(), after, limit);
        List<ChannelInfo> list = new ArrayList<>(window.names().size());
        for (String name : window.names()) {
            Channel state = channels.get(name);
            if (state != null) {
                synchronized (state) {
                    if (!state.retired) {
                        list.add(new ChannelInfo(name, state.subscribers.size(), state.offset, state.epoch));
                    }
                }
            }
        }
        return window.page(list);
    }

    @Override
    public String kind() {
        return "memory";
    }

    /**
     * Drops expired history and forgets channels that nobody reads and nobody wrote to within the ttl, so
     * memory stays bounded whatever channel names clients invent.
     */
    void forgetIdleChannels() {
        long now = clock.millis();
        channels.forEach((name, state) -> {
            synchronized (state) {
                state.history.expire(now - ttlMillis);
                if (state.subscribers.isEmpty() && state.lastActivity < now - ttlMillis) {
                    state.retired = true;
                    channels.remove(name, state);
                }
            }
        });
    }

    int channelCount() {
        return channels.size();
    }

    private <T> T withChannel(String name, Function<Channel, T> action) {
        while (true) {
            Channel state =
                    channels.computeIfAbsent(name, n -> new Channel(Ids.newEpoch(), historySize, clock.millis()));
            synchronized (state) {
                if (!state.retired) {
                    return action.apply(state);
                }
            }
        }
    }

    private static final class Channel {
        final String epoch;
        final ChannelHistory history;
        long offset;
        long lastActivity;
        /**
         * Read and changed under the channel's lock only, so a plain identity set: a copy-on-write array, which
         * this was, copied the whole list at every subscribe and unsubscribe, and a list still searched it at
         * every unsubscribe; both are quadratic when thousands on one channel leave at once (a node's clients
         * dropped together). A subscriber never unsubscribes from inside {@code onMessage} (a cut connection
         * is released on a closer thread), so a publish's loop sees no change.
         */
        final Set<Subscriber> subscribers = Collections.newSetFromMap(new IdentityHashMap<>(2));

        boolean retired;

        Channel(String epoch, int historySize, long createdAt) {
            this.epoch = epoch;
            this.history = new ChannelHistory(historySize);
            this.lastActivity = createdAt;
        }
    }
}

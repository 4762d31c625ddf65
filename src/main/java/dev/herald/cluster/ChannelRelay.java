package dev.herald.cluster;

import dev.herald.channel.Message;
import dev.herald.channel.Since;
import dev.herald.channel.Subscriber;
import dev.herald.channel.Subscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * One channel's local subscribers on this node, fed from Redis pub/sub. Everything that decides what a
 * subscriber sees runs on the channel's {@link SerialExecutor}, in the order it happened: pub/sub messages
 * in the order Redis published them (the order of their offsets), and joins.
 *
 * <p>Why a join has no gap and no duplicate at the seam between replay and live: a join reads the channel
 * from Redis only after Redis confirmed this node's pub/sub subscription, and it runs on the serial
 * executor. So every message with an offset above what the read saw was published after the subscription
 * and comes through pub/sub behind the join; the joiner takes live messages above its read offset only
 * (its floor), and messages at or below it are in its replay already. Live subscribers track the last
 * offset handed over; a message past last + 1 (pub/sub lost some while Redis was away) is preceded by
 * the missing ones read from Redis history, and after a reconnect the channel catches up the same way.
 */
final class ChannelRelay implements PubSub.Handler {

    /** Reads a channel from Redis: messages from an offset on, at most a count of them. */
    interface Reader {
        ChannelState read(String channel, long fromOffset, int count);
    }

    private static final Logger log = LoggerFactory.getLogger(ChannelRelay.class);
    private static final long RETRY_MILLIS = 500;

    final String channel;
    private final SerialExecutor serial;
    private final Reader reader;
    private final int historySize;
    private final java.util.concurrent.ScheduledExecutorService timer;

    /** Every subscriber of this node, joined or joining; guarded by {@code this}. */
    private final Map<Subscriber, Member> members = new ConcurrentHashMap<>();

    private boolean retired;

    // Serial state: touched on the serial executor only.
    /** An identity set: thousands leaving one channel at once would each search a list. */
    private final Set<Member> live = Collections.newSetFromMap(new IdentityHashMap<>(2));

    private final List<Joiner> waiting = new ArrayList<>();
    private boolean listening;
    private boolean retryScheduled;
    private boolean behind;
    private String epoch;
    private long last;

    ChannelRelay(
            String channel,
            Executor pool,
            java.util.concurrent.ScheduledExecutorService timer,
            Reader reader,
            int historySize) {
        this.channel = channel;
        this.serial = new SerialExecutor(pool);
        this.timer = timer;
        this.reader = reader;
        this.historySize = historySize;
    }

    /** Adds a subscriber; false when this relay was retired meanwhile (the caller takes a new one). */
    boolean join(Subscriber subscriber, Since since) {
        Member member = new Member(subscriber);
        synchronized (this) {
            if (retired) {
                return false;
            }
            members.put(subscriber, member);
        }
        serial.execute(() -> admit(new Joiner(member, since)));
        return true;
    }

    /**
     * Removes a subscriber: nothing is handed to it after this returns. True when it was the last one and
     * the relay is now retired (the caller stops listening and forgets it).
     */
    boolean leave(Subscriber subscriber) {
        Member member;
        synchronized (this) {
            member = members.remove(subscriber);
            if (member == null) {
                return false;
            }
        }
        synchronized (member) {
            member.active = false;
        }
        serial.execute(() -> {
            live.remove(member);
            waiting.removeIf(joiner -> joiner.member == member);
        });
        synchronized (this) {
            if (members.isEmpty() && !retired) {
                retired = true;
                return true;
            }
            return false;
        }
    }

    int subscribers() {
        return members.size();
    }

    boolean isRetired() {
        synchronized (this) {
            return retired;
        }
    }

    @Override
    public void onMessage(String payload) {
        Message message = RedisMessages.fromPubSub(channel, payload);
        serial.execute(() -> dispatch(message));
    }

    @Override
    public void onListening() {
        serial.execute(() -> {
            listening = true;
            if (!live.isEmpty()) {
                catchUp();
            }
            admitWaiting();
        });
    }

    @Override
    public void onDisconnected() {
        serial.execute(() -> listening = false);
    }

    private void admit(Joiner joiner) {
        if (!joiner.member.active) {
            return;
        }
        if (!listening) {
            waiting.add(joiner);
            return;
        }
        Since since = joiner.since;
        ChannelState state;
        try {
            state = since == null
                    ? reader.read(channel, Long.MAX_VALUE, 0)
                    : reader.read(channel, since.offset() + 1, historySize);
        } catch (DataAccessException e) {
            waiting.add(joiner);
            retryLater();
            return;
        }
        if (live.isEmpty()) {
            epoch = state.epoch();
            last = state.offset();
        } else if (!state.epoch().equals(epoch) || behind) {
            catchUp();
        }
        boolean sameEpoch = since != null && state.epoch().equals(since.epoch()) && since.offset() <= state.offset();
        List<Message> replay = sameEpoch ? state.messages() : List.of();
        boolean recovered = sameEpoch && since.offset() + 1 >= state.oldest();
        Member member = joiner.member;
        member.floor = state.offset();
        synchronized (member) {
            if (!member.active) {
                return;
            }
            member.subscriber.onSubscribed(new Subscription(channel, state.offset(), state.epoch(), recovered), replay);
        }
        live.add(member);
    }

    private void admitWaiting() {
        if (waiting.isEmpty()) {
            return;
        }
        List<Joiner> again = new ArrayList<>(waiting);
        waiting.clear();
        again.forEach(this::admit);
    }

    private void dispatch(Message message) {
        if (live.isEmpty() || message.offset() <= last && message.epoch().equals(epoch)) {
            return;
        }
        if (!message.epoch().equals(epoch) || message.offset() > last + 1) {
            catchUp();
            if (behind) {
                // the missing ones could not be read: handing this one over would skip them; the retry's
                // catch-up reads it from history with them
                return;
            }
        }
        if (message.epoch().equals(epoch) && message.offset() > last) {
            handOver(message);
        }
    }

    /**
     * Reads what the live subscribers missed since {@code last} from Redis and hands it over; when the
     * channel restarted in Redis with a new epoch (Redis lost it), they are told with a new
     * {@code subscribed} and get the new epoch's retained messages.
     */
    private void catchUp() {
        ChannelState state;
        try {
            state = reader.read(channel, last + 1, historySize);
        } catch (DataAccessException e) {
            behind = true;
            retryLater();
            return;
        }
        behind = false;
        if (!state.epoch().equals(epoch)) {
            restart(state);
            return;
        }
        List<Message> missed = state.messages();
        if (!missed.isEmpty() && missed.get(0).offset() > last + 1 || missed.isEmpty() && state.offset() > last) {
            log.warn(
                    "event=cluster.gap channel={} from={} to={} cause=no_longer_retained",
                    channel,
                    last + 1,
                    missed.isEmpty() ? state.offset() : missed.get(0).offset() - 1);
        }
        missed.forEach(this::handOver);
        last = Math.max(last, state.offset());
    }

    private void restart(ChannelState current) {
        ChannelState state = current;
        try {
            state = reader.read(channel, 1, historySize);
        } catch (DataAccessException e) {
            // announce the new epoch with what the first read saw
        }
        List<Message> retained = state.epoch().equals(current.epoch()) ? state.messages() : List.of();
        long start = retained.isEmpty() ? state.offset() : retained.get(0).offset() - 1;
        log.warn("event=cluster.epoch_restart channel={} oldEpoch={} newEpoch={}", channel, epoch, state.epoch());
        epoch = state.epoch();
        Subscription subscription = new Subscription(channel, start, epoch, false);
        for (Member member : live) {
            member.floor = start;
            synchronized (member) {
                if (member.active) {
                    member.subscriber.onSubscribed(subscription, List.of());
                }
            }
        }
        last = start;
        retained.forEach(this::handOver);
        last = Math.max(last, state.offset());
    }

    private void handOver(Message message) {
        for (Member member : live) {
            if (message.offset() > member.floor) {
                synchronized (member) {
                    if (member.active) {
                        member.subscriber.onMessage(message);
                    }
                }
            }
        }
        last = message.offset();
    }

    private void retryLater() {
        if (retryScheduled) {
            return;
        }
        retryScheduled = true;
        timer.schedule(
                () -> serial.execute(() -> {
                    retryScheduled = false;
                    if (!listening) {
                        return;
                    }
                    if (behind && !live.isEmpty()) {
                        catchUp();
                    }
                    admitWaiting();
                }),
                RETRY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** One local subscriber; {@code active} and the hand-over are guarded by the member itself. */
    private static final class Member {
        final Subscriber subscriber;
        volatile boolean active = true;
        /** Offsets up to here reached this subscriber with its subscribe answer. */
        long floor;

        Member(Subscriber subscriber) {
            this.subscriber = subscriber;
        }
    }

    private record Joiner(Member member, Since since) {}
}

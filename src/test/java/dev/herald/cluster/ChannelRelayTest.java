package dev.herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.herald.channel.Message;
import dev.herald.channel.Since;
import dev.herald.channel.Subscriber;
import dev.herald.channel.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * The relay between Redis pub/sub and one channel's local subscribers, against a channel kept in memory the way
 * read.lua reads it. The relay's serial executor runs on the calling thread here, so every step is done when the
 * call returns; the retry timer runs only when a test fires it.
 */
class ChannelRelayTest {

    private static final String CHANNEL = "orders";

    private final StoredChannel redis = new StoredChannel("epoch-1");
    private final ScheduledExecutorService timer = mock(ScheduledExecutorService.class);
    private final ChannelRelay relay = new ChannelRelay(CHANNEL, Runnable::run, timer, redis, 100);

    @Test
    void aJoinerGetsWhatItMissedSinceItsOffsetThenLiveMessagesInOffsetOrder() {
        redis.publish(3);
        relay.onListening();
        Recorder joiner = new Recorder();

        relay.join(joiner, new Since(1, "epoch-1"));
        relay.onMessage(redis.publish(1));
        relay.onMessage(redis.publish(1));

        assertThat(joiner.events).containsExactly("subscribed 3 epoch-1 recovered [2, 3]", "message 4", "message 5");
    }

    @Test
    void aMessagePublishedBeforeTheJoinersReadButHeardAfterItIsNotDeliveredTwice() {
        relay.onListening();
        String heardLate = redis.publish(1);
        Recorder joiner = new Recorder();

        relay.join(joiner, null);
        relay.onMessage(heardLate);
        relay.onMessage(redis.publish(1));

        assertThat(joiner.events).containsExactly("subscribed 1 epoch-1 new []", "message 2");
    }

    @Test
    void aJoinWaitsUntilRedisConfirmsThePubSubSubscription() {
        Recorder joiner = new Recorder();

        relay.join(joiner, null);
        assertThat(joiner.events).isEmpty();

        redis.publish(2);
        relay.onListening();
        assertThat(joiner.events).containsExactly("subscribed 2 epoch-1 new []");
    }

    @Test
    void messagesPubSubLostAreReadFromHistoryAndHandedOverInOrderBeforeTheOneThatShowedTheGap() {
        Recorder subscriber = listeningSubscriber();
        redis.publish(2);

        relay.onMessage(redis.publish(1));
        relay.onMessage(redis.payload(2));

        assertThat(subscriber.events).containsExactly("message 1", "message 2", "message 3");
    }

    @Test
    void afterAReconnectTheRelayCatchesUpWithWhatWasPublishedWhileItWasAway() {
        Recorder subscriber = listeningSubscriber();
        relay.onMessage(redis.publish(1));

        relay.onDisconnected();
        redis.publish(2);
        relay.onListening();

        assertThat(subscriber.events).containsExactly("message 1", "message 2", "message 3");
    }

    @Test
    void aGapNoLongerRetainedIsSkippedAndTheRetainedRestIsHandedOver() {
        Recorder subscriber = listeningSubscriber();
        redis.publish(4);
        redis.forgetUpTo(2);

        relay.onMessage(redis.publish(1));

        assertThat(subscriber.events).containsExactly("message 3", "message 4", "message 5");
    }

    @Test
    void aChannelRestartedInRedisUnderANewEpochIsAnnouncedWithANewSubscribedThenItsMessages() {
        Recorder subscriber = listeningSubscriber();
        relay.onMessage(redis.publish(1));

        redis.restart("epoch-2");
        redis.publish(1);
        relay.onMessage(redis.publish(1));
        relay.onMessage(redis.publish(1));

        assertThat(subscriber.events)
                .containsExactly("message 1", "subscribed 0 epoch-2 new []", "message 1", "message 2", "message 3");
    }

    @Test
    void aJoinerWhoseEpochIsGoneGetsNoReplayAndIsToldItWasNotRecovered() {
        redis.publish(2);
        relay.onListening();
        Recorder joiner = new Recorder();

        relay.join(joiner, new Since(1, "an-epoch-of-before"));

        assertThat(joiner.events).containsExactly("subscribed 2 epoch-1 new []");
    }

    @Test
    void aSubscriberThatLeftGetsNothingMoreAndTheLastToLeaveRetiresTheRelay() {
        Recorder staying = listeningSubscriber();
        Recorder leaving = new Recorder();
        relay.join(leaving, null);

        assertThat(relay.leave(leaving)).as("not the last").isFalse();
        relay.onMessage(redis.publish(1));
        assertThat(relay.leave(staying)).as("the last").isTrue();
        relay.onMessage(redis.publish(1));

        assertThat(leaving.events).containsExactly("subscribed 0 epoch-1 new []");
        assertThat(staying.events).containsExactly("message 1");
        assertThat(relay.isRetired()).isTrue();
        assertThat(relay.join(new Recorder(), null))
                .as("a retired relay takes no one")
                .isFalse();
    }

    @Test
    void aJoinWhoseReadFailsWhileRedisIsAwayIsRetriedUntilItSucceeds() {
        relay.onListening();
        redis.failNextReads(1);
        Recorder joiner = new Recorder();

        relay.join(joiner, null);
        assertThat(joiner.events).isEmpty();

        fireRetry();
        assertThat(joiner.events).containsExactly("subscribed 0 epoch-1 new []");
    }

    @Test
    void aCatchUpWhoseReadFailsIsRetriedAndTheMessagesStillArriveInOrder() {
        Recorder subscriber = listeningSubscriber();
        redis.publish(2);
        redis.failNextReads(1);

        relay.onMessage(redis.publish(1));
        assertThat(subscriber.events).isEmpty();

        fireRetry();
        assertThat(subscriber.events).containsExactly("message 1", "message 2", "message 3");
    }

    /** A subscriber that joined a listening relay with nothing published, its subscribe answer dropped. */
    private Recorder listeningSubscriber() {
        relay.onListening();
        Recorder subscriber = new Recorder();
        relay.join(subscriber, null);
        subscriber.events.clear();
        return subscriber;
    }

    private void fireRetry() {
        ArgumentCaptor<Runnable> retry = ArgumentCaptor.forClass(Runnable.class);
        verify(timer).schedule(retry.capture(), anyLong(), any(TimeUnit.class));
        retry.getValue().run();
    }

    /** What a subscriber was handed, in order, as short lines. */
    private static final class Recorder implements Subscriber {
        final List<String> events = new ArrayList<>();

        @Override
        public void onSubscribed(Subscription subscription, List<Message> replay) {
            events.add("subscribed " + subscription.offset() + " " + subscription.epoch() + " "
                    + (subscription.recovered() ? "recovered " : "new ")
                    + replay.stream().map(Message::offset).toList());
        }

        @Override
        public void onMessage(Message message) {
            events.add("message " + message.offset());
        }
    }

    /** One channel as Redis keeps it (state, capped history) and publishes it (pub/sub payloads). */
    private static final class StoredChannel implements ChannelRelay.Reader {
        private final TreeMap<Long, Message> retained = new TreeMap<>();
        private String epoch;
        private long offset;
        private int failures;

        StoredChannel(String epoch) {
            this.epoch = epoch;
        }

        /** Publishes {@code count} messages; returns the pub/sub payload of the last. */
        String publish(int count) {
            for (int i = 0; i < count; i++) {
                offset++;
                retained.put(
                        offset,
                        Message.of(
                                CHANNEL,
                                offset,
                                "id-" + offset,
                                1_700_000_000_000L + offset,
                                epoch,
                                Long.toString(offset),
                                System.nanoTime()));
            }
            return payload(offset);
        }

        /** The pub/sub payload of a retained message, as publish.lua sends it. */
        String payload(long at) {
            Message message = retained.get(at);
            return message.epoch() + "\n" + message.offset() + "\n" + message.id() + "\n" + message.ts() * 1000 + "\n"
                    + message.data();
        }

        void forgetUpTo(long at) {
            retained.headMap(at, true).clear();
        }

        void restart(String newEpoch) {
            epoch = newEpoch;
            offset = 0;
            retained.clear();
        }

        void failNextReads(int count) {
            failures = count;
        }

        @Override
        public ChannelState read(String channel, long fromOffset, int count) {
            if (failures > 0) {
                failures--;
                throw new RedisConnectionFailureException("Redis is away (on purpose)");
            }
            long oldest = retained.isEmpty() ? offset + 1 : retained.firstKey();
            List<Message> messages = count > 0 && fromOffset <= offset
                    ? retained.tailMap(fromOffset, true).values().stream()
                            .limit(count)
                            .toList()
                    : List.of();
            return new ChannelState(epoch, offset, oldest, messages);
        }
    }
}

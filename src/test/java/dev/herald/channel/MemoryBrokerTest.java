package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryBrokerTest {

    private final MemoryBroker broker = broker(100, Duration.ofMinutes(5));

    @Test
    void publishGivesOffsetsFromOneUpInOneEpochWithUniqueIds() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(broker.publish("alerts", "{\"n\":" + i + "}"));
        }

        assertThat(messages).extracting(Message::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(messages).extracting(Message::epoch).containsOnly(messages.get(0).epoch());
        assertThat(messages.stream().map(Message::id).distinct()).hasSize(5);
        assertThat(messages.get(0).epoch()).isNotBlank();
    }

    @Test
    void channelsHaveTheirOwnOffsetsAndEpochs() {
        Message a = broker.publish("a", "1");
        broker.publish("a", "2");
        Message b = broker.publish("b", "1");

        assertThat(b.offset()).isEqualTo(1);
        assertThat(b.epoch()).isNotEqualTo(a.epoch());
    }

    @Test
    void aMessageCarriesItsCompleteFrame() {
        Message message = broker.publish("alerts", "{\"level\":\"high\"}");

        assertThat(new String(message.frame(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"message\",\"channel\":\"alerts\",\"offset\":1,\"id\":\""
                        + message.id() + "\",\"ts\":" + message.ts() + ",\"data\":{\"level\":\"high\"}}");
    }

    @Test
    void aSubscriberReceivesEveryLaterMessageInOrder() {
        Recorder subscriber = new Recorder();
        broker.subscribe("alerts", subscriber, null);

        broker.publish("alerts", "1");
        broker.publish("alerts", "2");
        broker.publish("other", "x");
        broker.publish("alerts", "3");

        assertThat(subscriber.offsets()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void subscribingWithoutSinceReplaysNothingAndIsNotRecovered() {
        broker.publish("alerts", "1");
        broker.publish("alerts", "2");
        Recorder subscriber = new Recorder();

        Subscription subscription = broker.subscribe("alerts", subscriber, null);

        assertThat(subscription.offset()).isEqualTo(2);
        assertThat(subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
        assertThat(subscriber.subscription).isEqualTo(subscription);
    }

    @Test
    void subscribingWithSinceOfTheSameEpochReplaysWhatWasMissedBeforeLiveMessages() {
        String epoch = broker.publish("alerts", "1").epoch();
        for (int i = 2; i <= 5; i++) {
            broker.publish("alerts", Integer.toString(i));
        }
        Recorder subscriber = new Recorder();

        Subscription subscription = broker.subscribe("alerts", subscriber, new Since(2, epoch));
        broker.publish("alerts", "6");

        assertThat(subscription.recovered()).isTrue();
        assertThat(subscription.offset()).isEqualTo(5);
        assertThat(subscription.epoch()).isEqualTo(epoch);
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(3L, 4L, 5L);
        assertThat(subscriber.offsets()).containsExactly(6L);
    }

    @Test
    void subscribingWithSinceAtTheLatestOffsetIsRecoveredWithNothingToReplay() {
        Message last = broker.publish("alerts", "1");
        Recorder subscriber = new Recorder();

        Subscription subscription = broker.subscribe("alerts", subscriber, new Since(1, last.epoch()));

        assertThat(subscription.recovered()).isTrue();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void subscribingWithSinceOfAnotherEpochIsNotRecoveredAndReplaysNothing() {
        broker.publish("alerts", "1");
        broker.publish("alerts", "2");
        Recorder subscriber = new Recorder();

        Subscription subscription = broker.subscribe("alerts", subscriber, new Since(0, "another-epoch"));

        assertThat(subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void subscribingWithSinceBeyondTheLatestOffsetIsNotRecovered() {
        Message last = broker.publish("alerts", "1");
        Recorder subscriber = new Recorder();

        Subscription subscription = broker.subscribe("alerts", subscriber, new Since(7, last.epoch()));

        assertThat(subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void whenMissedMessagesAreNoLongerRetainedTheRestIsReplayedButNotRecovered() {
        MemoryBroker small = broker(3, Duration.ofMinutes(5));
        String epoch = small.publish("alerts", "1").epoch();
        for (int i = 2; i <= 6; i++) {
            small.publish("alerts", Integer.toString(i));
        }
        Recorder subscriber = new Recorder();

        Subscription subscription = small.subscribe("alerts", subscriber, new Since(1, epoch));

        assertThat(subscription.recovered()).isFalse();
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(4L, 5L, 6L);
    }

    @Test
    void whenTheOnlyMissedMessagesAreRetainedItIsRecoveredEvenWithOlderOnesGone() {
        MemoryBroker small = broker(3, Duration.ofMinutes(5));
        String epoch = small.publish("alerts", "1").epoch();
        for (int i = 2; i <= 6; i++) {
            small.publish("alerts", Integer.toString(i));
        }
        Recorder subscriber = new Recorder();

        Subscription subscription = small.subscribe("alerts", subscriber, new Since(3, epoch));

        assertThat(subscription.recovered()).isTrue();
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(4L, 5L, 6L);
    }

    @Test
    void messagesOlderThanTheTtlAreNotReplayedAndTheGapIsReported() throws Exception {
        MemoryBroker shortLived = broker(100, Duration.ofMillis(300));
        String epoch = shortLived.publish("alerts", "1").epoch();
        Recorder keeper = new Recorder();
        shortLived.subscribe("alerts", keeper, null);
        Thread.sleep(350);
        shortLived.publish("alerts", "2");
        Recorder subscriber = new Recorder();

        Subscription subscription = shortLived.subscribe("alerts", subscriber, new Since(0, epoch));

        assertThat(subscription.epoch()).isEqualTo(epoch);
        assertThat(subscription.recovered()).isFalse();
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(2L);
    }

    @Test
    void anUnsubscribedSubscriberReceivesNoMore() {
        Recorder subscriber = new Recorder();
        Recorder other = new Recorder();
        broker.subscribe("alerts", subscriber, null);
        broker.subscribe("alerts", other, null);
        broker.publish("alerts", "1");

        broker.unsubscribe("alerts", subscriber);
        broker.publish("alerts", "2");

        assertThat(subscriber.offsets()).containsExactly(1L);
        assertThat(other.offsets()).containsExactly(1L, 2L);
        String epoch = broker.history("alerts", 0, 1).epoch();
        assertThat(broker.channels()).containsExactly(new ChannelInfo("alerts", 1, 2, epoch));
    }

    @Test
    void unsubscribingFromAnUnknownChannelOrTwiceDoesNothing() {
        Recorder subscriber = new Recorder();
        broker.unsubscribe("never", subscriber);
        broker.subscribe("alerts", subscriber, null);
        broker.unsubscribe("alerts", subscriber);
        broker.unsubscribe("alerts", subscriber);

        assertThat(broker.channels()).extracting(ChannelInfo::subscribers).containsExactly(0);
        assertThat(broker.channels()).extracting(ChannelInfo::channel).containsExactly("alerts");
    }

    @Test
    void channelsListsEveryChannelWithSubscribersOffsetAndEpochByName() {
        Message b = broker.publish("b", "1");
        broker.publish("b", "2");
        broker.subscribe("a", new Recorder(), null);
        broker.subscribe("a", new Recorder(), null);

        List<ChannelInfo> channels = broker.channels();

        assertThat(channels).extracting(ChannelInfo::channel).containsExactly("a", "b");
        assertThat(channels.get(0).subscribers()).isEqualTo(2);
        assertThat(channels.get(0).offset()).isZero();
        assertThat(channels.get(1)).isEqualTo(new ChannelInfo("b", 0, 2, b.epoch()));
    }

    @Test
    void historyIsAPageOfTheRetainedMessages() {
        Message first = broker.publish("alerts", "1");
        broker.publish("alerts", "2");
        broker.publish("alerts", "3");

        HistoryPage page = broker.history("alerts", 1, 1);

        assertThat(page.channel()).isEqualTo("alerts");
        assertThat(page.epoch()).isEqualTo(first.epoch());
        assertThat(page.offset()).isEqualTo(3);
        assertThat(page.messages()).extracting(Message::offset).containsExactly(2L);
    }

    @Test
    void anIdleChannelIsForgottenAfterTheTtlAndStartsANewEpoch() throws Exception {
        MemoryBroker shortLived = broker(100, Duration.ofMillis(20));
        Message before = shortLived.publish("alerts", "1");
        shortLived.publish("alerts", "2");
        Thread.sleep(50);

        shortLived.forgetIdleChannels();

        assertThat(shortLived.channelCount()).isZero();
        assertThat(shortLived.channels()).isEmpty();
        Message after = shortLived.publish("alerts", "3");
        assertThat(after.offset()).isEqualTo(1);
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void aChannelWithASubscriberIsKeptHoweverIdle() throws Exception {
        MemoryBroker shortLived = broker(100, Duration.ofMillis(20));
        Message before = shortLived.publish("alerts", "1");
        shortLived.subscribe("alerts", new Recorder(), null);
        Thread.sleep(50);

        shortLived.forgetIdleChannels();

        Message after = shortLived.publish("alerts", "2");
        assertThat(after.offset()).isEqualTo(2);
        assertThat(after.epoch()).isEqualTo(before.epoch());
    }

    @Test
    void aChannelActiveWithinTheTtlIsKept() {
        MemoryBroker broker = broker(100, Duration.ofMinutes(1));
        Message before = broker.publish("alerts", "1");

        broker.forgetIdleChannels();

        assertThat(broker.publish("alerts", "2").epoch()).isEqualTo(before.epoch());
    }

    @Test
    void aChannelLeftByItsLastSubscriberIsForgottenOnlyAfterTheTtl() throws Exception {
        MemoryBroker shortLived = broker(100, Duration.ofMillis(200));
        Recorder subscriber = new Recorder();
        Message before = shortLived.publish("alerts", "1");
        shortLived.subscribe("alerts", subscriber, null);
        Thread.sleep(250);
        shortLived.unsubscribe("alerts", subscriber);

        shortLived.forgetIdleChannels();
        assertThat(shortLived.channelCount()).as("just left: still known").isEqualTo(1);

        Thread.sleep(250);
        shortLived.forgetIdleChannels();
        assertThat(shortLived.channelCount()).isZero();
        assertThat(shortLived.publish("alerts", "2").epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void aSubscriberReconnectingToAForgottenChannelIsNotRecovered() throws Exception {
        MemoryBroker shortLived = broker(100, Duration.ofMillis(20));
        Message old = shortLived.publish("alerts", "1");
        Thread.sleep(50);
        shortLived.forgetIdleChannels();
        shortLived.publish("alerts", "new");
        Recorder subscriber = new Recorder();

        Subscription subscription = shortLived.subscribe("alerts", subscriber, new Since(old.offset(), old.epoch()));

        assertThat(subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void concurrentPublishersReachEverySubscriberInOffsetOrderWithoutGaps() throws Exception {
        Recorder subscriber = new Recorder();
        broker.subscribe("busy", subscriber, null);
        int threads = 4;
        int each = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < each; i++) {
                        broker.publish("busy", "0");
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        List<Long> offsets = subscriber.offsets();
        assertThat(offsets).hasSize(threads * each);
        for (int i = 0; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).isEqualTo(i + 1L);
        }
        Set<String> ids = new HashSet<>();
        subscriber.messages.forEach(m -> ids.add(m.id()));
        assertThat(ids).hasSize(threads * each);
    }

    @Test
    void theBrokerKindIsMemory() {
        assertThat(broker.kind()).isEqualTo("memory");
    }

    private static MemoryBroker broker(int size, Duration ttl) {
        return new MemoryBroker(new HistoryProperties(size, ttl));
    }

    /** Records what the broker hands over; called under the channel's lock, from any thread. */
    private static final class Recorder implements Subscriber {

        volatile Subscription subscription;
        volatile List<Message> replay = List.of();
        final List<Message> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onSubscribed(Subscription subscription, List<Message> replay) {
            this.subscription = subscription;
            this.replay = List.copyOf(replay);
        }

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        List<Long> offsets() {
            synchronized (messages) {
                return messages.stream().map(Message::offset).toList();
            }
        }
    }
}

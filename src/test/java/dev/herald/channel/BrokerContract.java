package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every broker promises (order, replay, recovery, epochs, history limits), run against each broker by
 * a subclass. A broker may answer a subscribe and hand over messages on its own threads (the Redis one
 * does), so the checks wait for what must come, and check what must not come after something that comes
 * later in the same order.
 */
public abstract class BrokerContract {

    protected static final Duration WAIT = Duration.ofSeconds(5);

    protected Broker broker;

    /** A broker with its own empty store, retaining {@code size} messages for {@code ttl}. */
    protected abstract Broker broker(int size, Duration ttl);

    /** Lets {@code duration} pass on the broker's clock; a broker on Redis's clock has to wait for it. */
    protected void timePasses(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @BeforeEach
    void defaultBroker() {
        broker = broker(100, Duration.ofMinutes(5));
    }

    @Test
    void publishGivesOffsetsFromOneUpInOneEpochWithUniqueIds() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(broker.publish("alerts", "{\"n\":" + i + "}"));
        }

        assertThat(messages).extracting(Message::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(messages)
                .extracting(Message::epoch)
                .containsOnly(messages.get(0).epoch());
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
                .isEqualTo("{\"type\":\"message\",\"channel\":\"alerts\",\"offset\":1,\"id\":\"" + message.id()
                        + "\",\"ts\":" + message.ts() + ",\"data\":{\"level\":\"high\"}}");
    }

    @Test
    void aSubscriberReceivesEveryLaterMessageInOrderWithTheirFrames() {
        Recorder subscriber = subscribed("alerts", null);

        Message first = broker.publish("alerts", "1");
        broker.publish("alerts", "2");
        broker.publish("other", "x");
        broker.publish("alerts", "3");

        subscriber.awaitOffsets(1L, 2L, 3L);
        assertThat(subscriber.messages.get(0).frame()).isEqualTo(first.frame());
        assertThat(subscriber.messages.get(0).epoch()).isEqualTo(first.epoch());
    }

    @Test
    void subscribingWithoutSinceReplaysNothingAndIsNotRecovered() {
        broker.publish("alerts", "1");
        broker.publish("alerts", "2");

        Recorder subscriber = subscribed("alerts", null);

        assertThat(subscriber.subscription.offset()).isEqualTo(2);
        assertThat(subscriber.subscription.channel()).isEqualTo("alerts");
        assertThat(subscriber.subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void subscribingWithSinceOfTheSameEpochReplaysWhatWasMissedBeforeLiveMessages() {
        String epoch = broker.publish("alerts", "1").epoch();
        for (int i = 2; i <= 5; i++) {
            broker.publish("alerts", Integer.toString(i));
        }

        Recorder subscriber = subscribed("alerts", new Since(2, epoch));
        broker.publish("alerts", "6");

        assertThat(subscriber.subscription.recovered()).isTrue();
        assertThat(subscriber.subscription.offset()).isEqualTo(5);
        assertThat(subscriber.subscription.epoch()).isEqualTo(epoch);
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(3L, 4L, 5L);
        assertThat(subscriber.replay).extracting(Message::data).containsExactly("3", "4", "5");
        subscriber.awaitOffsets(6L);
    }

    @Test
    void subscribingWithSinceAtTheLatestOffsetIsRecoveredWithNothingToReplay() {
        Message last = broker.publish("alerts", "1");

        Recorder subscriber = subscribed("alerts", new Since(1, last.epoch()));

        assertThat(subscriber.subscription.recovered()).isTrue();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void subscribingWithSinceOfAnotherEpochIsNotRecoveredAndReplaysNothing() {
        broker.publish("alerts", "1");
        broker.publish("alerts", "2");

        Recorder subscriber = subscribed("alerts", new Since(0, "another-epoch"));

        assertThat(subscriber.subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void subscribingWithSinceBeyondTheLatestOffsetIsNotRecovered() {
        Message last = broker.publish("alerts", "1");

        Recorder subscriber = subscribed("alerts", new Since(7, last.epoch()));

        assertThat(subscriber.subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void whenMissedMessagesAreNoLongerRetainedTheRestIsReplayedButNotRecovered() {
        Broker small = broker(3, Duration.ofMinutes(5));
        String epoch = small.publish("alerts", "1").epoch();
        for (int i = 2; i <= 6; i++) {
            small.publish("alerts", Integer.toString(i));
        }

        Recorder subscriber = subscribed(small, "alerts", new Since(1, epoch));

        assertThat(subscriber.subscription.recovered()).isFalse();
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(4L, 5L, 6L);
    }

    @Test
    void whenTheOnlyMissedMessagesAreRetainedItIsRecoveredEvenWithOlderOnesGone() {
        Broker small = broker(3, Duration.ofMinutes(5));
        String epoch = small.publish("alerts", "1").epoch();
        for (int i = 2; i <= 6; i++) {
            small.publish("alerts", Integer.toString(i));
        }

        Recorder subscriber = subscribed(small, "alerts", new Since(3, epoch));

        assertThat(subscriber.subscription.recovered()).isTrue();
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(4L, 5L, 6L);
    }

    @Test
    void messagesOlderThanTheTtlAreNotReplayedAndTheGapIsReported() throws Exception {
        Broker shortLived = broker(100, Duration.ofMillis(300));
        String epoch = shortLived.publish("alerts", "1").epoch();
        subscribed(shortLived, "alerts", null);
        timePasses(Duration.ofMillis(350));
        shortLived.publish("alerts", "2");

        Recorder subscriber = subscribed(shortLived, "alerts", new Since(0, epoch));

        assertThat(subscriber.subscription.epoch()).isEqualTo(epoch);
        assertThat(subscriber.subscription.recovered()).isFalse();
        assertThat(subscriber.replay).extracting(Message::offset).containsExactly(2L);
    }

    @Test
    void anUnsubscribedSubscriberReceivesNoMore() {
        Recorder subscriber = subscribed("alerts", null);
        Recorder other = subscribed("alerts", null);
        broker.publish("alerts", "1");
        subscriber.awaitOffsets(1L);

        broker.unsubscribe("alerts", subscriber);
        broker.publish("alerts", "2");

        other.awaitOffsets(1L, 2L);
        assertThat(subscriber.offsets()).containsExactly(1L);
        String epoch = broker.history("alerts", 0, 1).epoch();
        assertThat(broker.channels(null, 1000).channels()).containsExactly(new ChannelInfo("alerts", 1, 2, epoch));
    }

    @Test
    void aSubscriberThatLeavesRightAfterSubscribingReceivesNoMessage() throws Exception {
        broker.publish("alerts", "1");
        Recorder leaving = new Recorder();
        broker.subscribe("alerts", leaving, null);
        broker.unsubscribe("alerts", leaving);
        Recorder staying = subscribed("alerts", null);

        broker.publish("alerts", "2");

        staying.awaitOffsets(2L);
        Thread.sleep(50);
        assertThat(leaving.offsets()).isEmpty();
    }

    @Test
    void unsubscribingFromAnUnknownChannelOrTwiceDoesNothing() {
        Recorder subscriber = new Recorder();
        broker.unsubscribe("never", subscriber);
        subscribed(broker, "alerts", null, subscriber);
        broker.unsubscribe("alerts", subscriber);
        broker.unsubscribe("alerts", subscriber);

        assertThat(broker.channels(null, 1000).channels())
                .extracting(ChannelInfo::subscribers)
                .containsExactly(0);
        assertThat(broker.channels(null, 1000).channels())
                .extracting(ChannelInfo::channel)
                .containsExactly("alerts");
    }

    @Test
    void channelsListsEveryChannelWithSubscribersOffsetAndEpochByName() {
        Message b = broker.publish("b", "1");
        broker.publish("b", "2");
        subscribed("a", null);
        subscribed("a", null);

        List<ChannelInfo> channels = broker.channels(null, 1000).channels();

        assertThat(channels).extracting(ChannelInfo::channel).containsExactly("a", "b");
        assertThat(channels.get(0).subscribers()).isEqualTo(2);
        assertThat(channels.get(0).offset()).isZero();
        assertThat(channels.get(1)).isEqualTo(new ChannelInfo("b", 0, 2, b.epoch()));
    }

    @Test
    void channelsComeAPageAtATimeInNameOrderWithTheTotalAndTheNextPagesCursor() {
        for (String name : List.of("c", "a", "e", "b", "d")) {
            broker.publish(name, "1");
        }

        ChannelPage first = broker.channels(null, 2);
        ChannelPage second = broker.channels(first.next(), 2);
        ChannelPage last = broker.channels(second.next(), 2);

        assertThat(first.channels()).extracting(ChannelInfo::channel).containsExactly("a", "b");
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.next()).isEqualTo("b");
        assertThat(second.channels()).extracting(ChannelInfo::channel).containsExactly("c", "d");
        assertThat(second.next()).isEqualTo("d");
        assertThat(last.channels()).extracting(ChannelInfo::channel).containsExactly("e");
        assertThat(last.total()).isEqualTo(5);
        assertThat(last.next()).isNull();
    }

    @Test
    void aPageThatHoldsTheLastChannelHasNoNextCursor() {
        broker.publish("a", "1");
        broker.publish("b", "1");

        ChannelPage page = broker.channels(null, 2);

        assertThat(page.channels()).extracting(ChannelInfo::channel).containsExactly("a", "b");
        assertThat(page.next()).isNull();
        assertThat(broker.channels("b", 2)).isEqualTo(new ChannelPage(List.of(), 2, null));
    }

    @Test
    void aCursorThatNamesNoChannelStartsThePageAtTheNextNameInOrder() {
        broker.publish("volume/cam-1", "1");
        broker.publish("volume/cam-3", "1");
        broker.publish("alerts", "1");

        assertThat(broker.channels("volume/cam-2", 10).channels())
                .extracting(ChannelInfo::channel)
                .containsExactly("volume/cam-3");
        assertThat(broker.channels("b", 10).channels())
                .extracting(ChannelInfo::channel)
                .containsExactly("volume/cam-1", "volume/cam-3");
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
        assertThat(page.messages()).extracting(Message::data).containsExactly("2");
        assertThat(page.messages().get(0).ts()).isGreaterThanOrEqualTo(first.ts());
    }

    @Test
    void historyAfterTheLargestOffsetIsEmpty() {
        broker.publish("alerts", "1");

        assertThat(broker.history("alerts", Long.MAX_VALUE, 100).messages()).isEmpty();
    }

    @Test
    void theHistoryOfAChannelNeverPublishedToIsEmptyWithAnEpochThatPublishesKeep() {
        HistoryPage empty = broker.history("quiet", 0, 100);

        assertThat(empty.offset()).isZero();
        assertThat(empty.messages()).isEmpty();
        assertThat(broker.publish("quiet", "1").epoch()).isEqualTo(empty.epoch());
    }

    @Test
    void aChannelActiveWithinTheTtlKeepsItsEpoch() {
        Message before = broker.publish("alerts", "1");

        assertThat(broker.publish("alerts", "2").epoch()).isEqualTo(before.epoch());
    }

    @Test
    void concurrentPublishersReachEverySubscriberInOffsetOrderWithoutGaps() throws Exception {
        Recorder subscriber = subscribed("busy", null);
        int threads = 4;
        int each = 500;
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
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        await().atMost(WAIT).until(() -> subscriber.offsets().size() >= threads * each);
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
    void anIdempotencyKeyPublishesOnceAndReturnsTheFirstAnswer() {
        IdempotentAnswer first = broker.publishOnce("alerts", "1", "key-1", "fp-1");
        IdempotentAnswer again = broker.publishOnce("alerts", "1", "key-1", "fp-1");
        IdempotentAnswer reused = broker.publishOnce("other", "2", "key-1", "fp-2");

        assertThat(first.replayed()).isFalse();
        assertThat(first.answer().offset()).isEqualTo(1);
        assertThat(again.replayed()).isTrue();
        assertThat(again.answer()).isEqualTo(first.answer());
        assertThat(reused.replayed()).isTrue();
        assertThat(reused.fingerprint()).isEqualTo("fp-1");
        assertThat(broker.history("alerts", 0, 100).messages()).hasSize(1);
        assertThat(broker.history("other", 0, 100).offset()).isZero();
    }

    protected Recorder subscribed(String channel, Since since) {
        return subscribed(broker, channel, since);
    }

    protected static Recorder subscribed(Broker broker, String channel, Since since) {
        return subscribed(broker, channel, since, new Recorder());
    }

    /** Subscribes and waits for the broker's answer. */
    protected static Recorder subscribed(Broker broker, String channel, Since since, Recorder recorder) {
        broker.subscribe(channel, recorder, since);
        await().atMost(WAIT).until(() -> recorder.subscription != null);
        return recorder;
    }

    /** Records what the broker hands over, from any thread. */
    public static final class Recorder implements Subscriber {

        public volatile Subscription subscription;
        public volatile List<Message> replay = List.of();
        public final List<Message> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onSubscribed(Subscription subscription, List<Message> replay) {
            this.replay = List.copyOf(replay);
            this.subscription = subscription;
        }

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        public List<Long> offsets() {
            synchronized (messages) {
                return messages.stream().map(Message::offset).toList();
            }
        }

        /** Waits until exactly these offsets have come, in this order. */
        public void awaitOffsets(Long... offsets) {
            await().atMost(WAIT).until(() -> offsets().size() >= offsets.length);
            assertThat(offsets()).containsExactly(offsets);
        }
    }
}

package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.metrics.HeraldMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A connection's subscriptions change only through its methods, and the subscriptions gauge follows them. */
class ConnectionSubscriptionsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HeraldMetrics metrics = new HeraldMetrics(registry);
    private final Connection connection = new Connection("c1", null, null, null, null, null, null, 0, metrics);

    private ChannelSubscriber subscriber() {
        return new ChannelSubscriber(connection, null, cut -> {}, metrics, false);
    }

    private double active() {
        return registry.get("herald.subscriptions.active").gauge().value();
    }

    @Test
    void aChannelHoldsOneSubscriptionAndOnlyTheFirstIsCounted() {
        assertThat(connection.addSubscription("a", subscriber())).isTrue();
        assertThat(connection.addSubscription("a", subscriber())).isFalse();
        assertThat(connection.addSubscription("b", subscriber())).isTrue();

        assertThat(connection.subscribedChannels()).containsExactly("a", "b");
        assertThat(connection.subscriptionCount()).isEqualTo(2);
        assertThat(active()).isEqualTo(2);
    }

    @Test
    void removingAStaleSubscriberLeavesTheCurrentOneInPlace() {
        ChannelSubscriber first = subscriber();
        connection.addSubscription("a", first);
        assertThat(connection.removeSubscription("a")).isSameAs(first);
        ChannelSubscriber second = subscriber();
        connection.addSubscription("a", second);

        assertThat(connection.removeSubscription("a", first)).isFalse();
        assertThat(connection.isSubscribed("a")).isTrue();
        assertThat(connection.removeSubscription("missing")).isNull();
        assertThat(active()).isEqualTo(1);
    }

    @Test
    void removingAllHandsEachSubscriptionOutOnceEvenToTwoRacingClosers() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            connection.addSubscription("c" + i, subscriber());
        }
        ConcurrentLinkedQueue<String> handedOut = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> closers = List.of(
                new Thread(() -> removeAllAfter(start, handedOut)), new Thread(() -> removeAllAfter(start, handedOut)));
        closers.forEach(Thread::start);
        start.countDown();
        for (Thread closer : closers) {
            closer.join(10_000);
        }

        assertThat(handedOut).hasSize(200).doesNotHaveDuplicates();
        assertThat(connection.subscriptionCount()).isZero();
        assertThat(active()).isZero();
    }

    private void removeAllAfter(CountDownLatch start, ConcurrentLinkedQueue<String> handedOut) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        connection.removeAllSubscriptions((channel, subscriber) -> handedOut.add(channel));
    }
}

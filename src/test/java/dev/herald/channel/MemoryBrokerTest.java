package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The broker contract on the one-node broker, and how it forgets idle channels (on a clock the test moves). */
class MemoryBrokerTest extends BrokerContract {

    /** The memory broker reads this clock, so time passes when a test says so, not by sleeping. */
    private final MutableClock clock = MutableClock.startingNow();

    @Override
    protected Broker broker(int size, Duration ttl) {
        return new MemoryBroker(new HistoryProperties(size, ttl), clock);
    }

    @Override
    protected void timePasses(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void theMemoryBrokerAnswersASubscribeAtOnce() {
        Recorder subscriber = new Recorder();
        broker.subscribe("alerts", subscriber, null);

        assertThat(subscriber.subscription).isNotNull();
    }

    @Test
    void anIdleChannelIsForgottenAfterTheTtlAndStartsANewEpoch() {
        MemoryBroker shortLived = memory(Duration.ofMillis(20));
        Message before = shortLived.publish("alerts", "1");
        shortLived.publish("alerts", "2");
        clock.advance(Duration.ofMillis(50));

        shortLived.forgetIdleChannels();

        assertThat(shortLived.channelCount()).isZero();
        assertThat(shortLived.channels(null, 1000).channels()).isEmpty();
        Message after = shortLived.publish("alerts", "3");
        assertThat(after.offset()).isEqualTo(1);
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void aChannelWithASubscriberIsKeptHoweverIdle() {
        MemoryBroker shortLived = memory(Duration.ofMillis(20));
        Message before = shortLived.publish("alerts", "1");
        shortLived.subscribe("alerts", new Recorder(), null);
        clock.advance(Duration.ofMillis(50));

        shortLived.forgetIdleChannels();

        Message after = shortLived.publish("alerts", "2");
        assertThat(after.offset()).isEqualTo(2);
        assertThat(after.epoch()).isEqualTo(before.epoch());
    }

    @Test
    void aChannelActiveWithinTheTtlIsKept() {
        MemoryBroker broker = memory(Duration.ofMinutes(1));
        Message before = broker.publish("alerts", "1");

        broker.forgetIdleChannels();

        assertThat(broker.publish("alerts", "2").epoch()).isEqualTo(before.epoch());
    }

    @Test
    void aChannelLeftByItsLastSubscriberIsForgottenOnlyAfterTheTtl() {
        MemoryBroker shortLived = memory(Duration.ofMillis(200));
        Recorder subscriber = new Recorder();
        Message before = shortLived.publish("alerts", "1");
        shortLived.subscribe("alerts", subscriber, null);
        clock.advance(Duration.ofMillis(250));
        shortLived.unsubscribe("alerts", subscriber);

        shortLived.forgetIdleChannels();
        assertThat(shortLived.channelCount()).as("just left: still known").isEqualTo(1);

        clock.advance(Duration.ofMillis(250));
        shortLived.forgetIdleChannels();
        assertThat(shortLived.channelCount()).isZero();
        assertThat(shortLived.publish("alerts", "2").epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void aSubscriberReconnectingToAForgottenChannelIsNotRecovered() {
        MemoryBroker shortLived = memory(Duration.ofMillis(20));
        Message old = shortLived.publish("alerts", "1");
        clock.advance(Duration.ofMillis(50));
        shortLived.forgetIdleChannels();
        shortLived.publish("alerts", "new");
        Recorder subscriber = new Recorder();

        shortLived.subscribe("alerts", subscriber, new Since(old.offset(), old.epoch()));

        assertThat(subscriber.subscription.recovered()).isFalse();
        assertThat(subscriber.replay).isEmpty();
    }

    @Test
    void theBrokerKindIsMemory() {
        assertThat(broker.kind()).isEqualTo("memory");
    }

    private MemoryBroker memory(Duration ttl) {
        return new MemoryBroker(new HistoryProperties(100, ttl), clock);
    }
}

package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The broker contract on the one-node broker, and how it forgets idle channels. */
class MemoryBrokerTest extends BrokerContract {

    @Override
    protected Broker broker(int size, Duration ttl) {
        return new MemoryBroker(new HistoryProperties(size, ttl));
    }

    @Test
    void theMemoryBrokerAnswersASubscribeAtOnce() {
        Recorder subscriber = new Recorder();
        broker.subscribe("alerts", subscriber, null);

        assertThat(subscriber.subscription).isNotNull();
    }

    @Test
    void anIdleChannelIsForgottenAfterTheTtlAndStartsANewEpoch() throws Exception {
        MemoryBroker shortLived = memory(Duration.ofMillis(20));
        Message before = shortLived.publish("alerts", "1");
        shortLived.publish("alerts", "2");
        Thread.sleep(50);

        shortLived.forgetIdleChannels();

        assertThat(shortLived.channelCount()).isZero();
        assertThat(shortLived.channels(null, 1000).channels()).isEmpty();
        Message after = shortLived.publish("alerts", "3");
        assertThat(after.offset()).isEqualTo(1);
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void aChannelWithASubscriberIsKeptHoweverIdle() throws Exception {
        MemoryBroker shortLived = memory(Duration.ofMillis(20));
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
        MemoryBroker broker = memory(Duration.ofMinutes(1));
        Message before = broker.publish("alerts", "1");

        broker.forgetIdleChannels();

        assertThat(broker.publish("alerts", "2").epoch()).isEqualTo(before.epoch());
    }

    @Test
    void aChannelLeftByItsLastSubscriberIsForgottenOnlyAfterTheTtl() throws Exception {
        MemoryBroker shortLived = memory(Duration.ofMillis(200));
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
        MemoryBroker shortLived = memory(Duration.ofMillis(20));
        Message old = shortLived.publish("alerts", "1");
        Thread.sleep(50);
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

    private static MemoryBroker memory(Duration ttl) {
        return new MemoryBroker(new HistoryProperties(100, ttl));
    }
}

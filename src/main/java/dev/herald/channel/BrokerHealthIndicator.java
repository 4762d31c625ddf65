package dev.herald.channel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code broker}: which broker runs and how many channels it holds. */
@Component("broker")
class BrokerHealthIndicator implements HealthIndicator {

    private final Broker broker;

    BrokerHealthIndicator(Broker broker) {
        this.broker = broker;
    }

    @Override
    public Health health() {
        return Health.up().withDetail("kind", broker.kind()).withDetail("channels", broker.channels().size()).build();
    }
}

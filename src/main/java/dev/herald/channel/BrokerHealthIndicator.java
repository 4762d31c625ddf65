package dev.herald.channel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code broker}: which broker runs, and whether it can serve (Redis reachable). */
@Component("broker")
class BrokerHealthIndicator implements HealthIndicator {

    private final Broker broker;

    BrokerHealthIndicator(Broker broker) {
        this.broker = broker;
    }

    @Override
    public Health health() {
        try {
            return Health.up()
                    .withDetail("kind", broker.kind())
                    .withDetails(broker.health())
                    .build();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("kind", broker.kind())
                    .withDetail("error", e.getMessage())
                    .build();
        }
    }
}

package dev.herald.channel;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches {@link ConditionalOnBroker}; reported in Spring Boot's condition evaluation report. */
class OnBrokerCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        BrokerMode wanted = (BrokerMode) metadata.getAnnotationAttributes(ConditionalOnBroker.class.getName())
                .get("value");
        BrokerMode configured = BrokerProperties.of(context.getEnvironment());
        String message = "herald.broker is " + configured.name().toLowerCase() + ", wanted "
                + wanted.name().toLowerCase();
        return configured == wanted ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}

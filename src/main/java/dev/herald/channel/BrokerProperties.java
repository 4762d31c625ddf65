package dev.herald.channel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * {@code herald.broker}: the one place the broker mode is read. Beans ask {@link ConditionalOnBroker}; code that
 * runs before beans exist (an auto-configuration filter) calls {@link #of(Environment)}.
 */
@ConfigurationProperties("herald")
public record BrokerProperties(@DefaultValue("memory") BrokerMode broker) {

    /**
     * The broker mode as configured in {@code environment}, {@link BrokerMode#MEMORY} when unset. A value that is
     * not a mode stops the start with a message naming the setting and the valid values.
     */
    public static BrokerMode of(Environment environment) {
        try {
            return Binder.get(environment)
                    .bind("herald.broker", BrokerMode.class)
                    .orElse(BrokerMode.MEMORY);
        } catch (BindException e) {
            String valid = Arrays.stream(BrokerMode.values())
                    .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(" or "));
            throw new IllegalStateException(
                    "herald.broker must be " + valid + ", not '" + environment.getProperty("herald.broker") + "'", e);
        }
    }
}

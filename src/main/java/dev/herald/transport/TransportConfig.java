package dev.herald.transport;

import dev.herald.runtime.HeraldExecutors;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the frame writer once, at start: the container's own ({@link ContainerFrameWriters}, present only
 * on a container Herald has one for) unless {@code herald.transport.writer=standard} or its internals are not
 * reachable. The choice is logged, shown as {@code herald_transport_info{writer}} and under {@code transport}
 * in {@code /actuator/info}.
 */
@Configuration(proxyBeanMethods = false)
class TransportConfig {

    private static final Logger log = LoggerFactory.getLogger(TransportConfig.class);

    @Bean
    FrameWriters frameWriters(
            TransportProperties properties,
            HeraldExecutors executors,
            ObjectProvider<ContainerFrameWriters> container,
            TransportFallbacks fallbacks) {
        // Pings on the standard writer wait for a peer that stopped reading (bounded by the container's
        // blocking send timeout), so they have threads of their own; idle ones end
        FrameWriters standard = new StandardFrameWriters(executors.blockingSends());
        ContainerFrameWriters own = container.getIfAvailable();
        FrameWriters chosen;
        String why;
        if (properties.writer() == TransportProperties.Writer.STANDARD) {
            chosen = standard;
            why = "herald.transport.writer=standard";
        } else if (own == null) {
            chosen = standard;
            why = "no gathered writer for this container";
        } else if (own.unavailableReason() != null) {
            fallbacks.fellBack(TransportFallbacks.INTERNALS_UNREACHABLE, own.unavailableReason());
            chosen = standard;
            why = "the container's internals are not reachable";
        } else {
            chosen = own.writers(standard);
            why = "herald.transport.writer=auto";
        }
        log.info("event=transport.writer writer={} why=\"{}\"", chosen.name(), why);
        return chosen;
    }

    @Bean
    InfoContributor transportInfo(FrameWriters writers, ObjectProvider<AdoptedSockets> eventLoops) {
        return builder ->
                builder.withDetail("transport", Map.of("writer", writers.name(), "sockets", sockets(eventLoops)));
    }

    @Bean
    MeterBinder transportInfoGauge(FrameWriters writers, ObjectProvider<AdoptedSockets> eventLoops) {
        return registry -> Gauge.builder("herald.transport.info", () -> 1)
                .tag("writer", writers.name())
                .tag("sockets", sockets(eventLoops))
                .description("The frame writer Herald chose at start, and who runs client sockets (always 1)")
                .register(registry);
    }

    /**
     * {@code event-loop} when directly upgraded client connections run on Herald's event loops (their frames
     * are then written there, whatever the writer), {@code container} when the container's session runs them.
     */
    private static String sockets(ObjectProvider<AdoptedSockets> eventLoops) {
        return eventLoops.getIfAvailable() != null ? "event-loop" : "container";
    }
}

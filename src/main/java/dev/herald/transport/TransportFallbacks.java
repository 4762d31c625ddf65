package dev.herald.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Counts the times a container's own writer could not be used and the standard one took over
 * ({@code herald_transport_fallbacks_total{reason}}), and says so in the log once per reason: a fallback
 * keeps connections working but costs throughput, so operators should hear of it without a log flood.
 */
@Component
public class TransportFallbacks {

    /** The container's internals were not found at start: every connection uses the standard writer. */
    public static final String INTERNALS_UNREACHABLE = "internals_unreachable";
    /** A connection negotiated a WebSocket extension, whose frames only the container can write. */
    public static final String EXTENSION_NEGOTIATED = "extension_negotiated";
    /** A connection's endpoint is not the container type the gathered writer was built for. */
    public static final String FOREIGN_ENDPOINT = "foreign_endpoint";

    static final List<String> REASONS = List.of(INTERNALS_UNREACHABLE, EXTENSION_NEGOTIATED, FOREIGN_ENDPOINT);

    private static final Logger log = LoggerFactory.getLogger(TransportFallbacks.class);

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public TransportFallbacks(MeterRegistry registry) {
        this.registry = registry;
        REASONS.forEach(this::counter);
    }

    /** The standard writer took over, for one connection or (at start) for all; {@code detail} is for the log. */
    public void fellBack(String reason, String detail) {
        counter(reason).increment();
        if (warned.putIfAbsent(reason, Boolean.TRUE) == null) {
            log.warn(
                    "event=transport.fallback reason={} writer={} detail=\"{}\" (logged once per reason; "
                            + "herald_transport_fallbacks_total counts them)",
                    reason,
                    StandardFrameWriters.NAME,
                    detail);
        }
    }

    private Counter counter(String reason) {
        return counters.computeIfAbsent(
                reason,
                r -> Counter.builder("herald.transport.fallbacks")
                        .tag("reason", r)
                        .description("Times the standard frame writer took over from the container's gathered one")
                        .register(registry));
    }
}

package dev.herald.runtime;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code herald.executors.*}: how many threads each of Herald's pools may have. A pool's threads start when
 * work arrives and end after 30 s without any, so a pool the node does not use (the cluster's, on the memory
 * broker) costs nothing. {@code 0} where allowed means one per core, at least 2.
 */
@Validated
@ConfigurationProperties("herald.executors")
public record ExecutorsProperties(
        /* drain outbound queues; sends are asynchronous, so one per core is enough */
        @DefaultValue("0") @Min(0) int writers,
        /* carry out WebSocket closes: a close to a peer that stopped reading holds its thread until the close
        frame is written or herald.limits.send-time passes; threads are made only when closes overlap */
        @DefaultValue("64") @Min(1) int closers,
        /* Pings on the standard writer, where the Jakarta WebSocket API sends them only blocking */
        @DefaultValue("4") @Min(1) int blockingSends,
        /* order each Redis channel's messages for this node's subscribers (may wait on a Redis read) */
        @DefaultValue("0") @Min(0) int relays,
        /* answer other nodes' admin requests */
        @DefaultValue("2") @Min(1) int clusterWorkers,
        /* run every timed task: keepalive, heartbeats, retries, sweeps, the simulator */
        @DefaultValue("2") @Min(1) int scheduler) {

    /** {@code configured}, or one per core (at least 2) when it is 0. */
    static int perCore(int configured) {
        return configured > 0 ? configured : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}

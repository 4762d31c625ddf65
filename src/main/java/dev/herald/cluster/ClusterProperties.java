package dev.herald.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the nodes of a Redis-backed cluster find each other (used with {@code herald.broker=redis} only).
 *
 * @param heartbeat      how often a node tells Redis it is alive, with its connection count
 * @param nodeTimeout    how long after its last heartbeat a node is dropped from the node list
 * @param requestTimeout how long a node waits for the others to answer an admin request
 */
@ConfigurationProperties("herald.cluster")
record ClusterProperties(
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("3s") Duration nodeTimeout,
        @DefaultValue("1s") Duration requestTimeout) {}

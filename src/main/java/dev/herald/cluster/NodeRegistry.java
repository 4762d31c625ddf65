package dev.herald.cluster;

import dev.herald.NodeProperties;
import dev.herald.admin.NodeView;
import dev.herald.runtime.HeraldExecutors;
import dev.herald.ws.ConnectionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live nodes, by heartbeat: every {@code herald.cluster.heartbeat} a node writes its key (its id, start
 * time and connection count) with an expiry of {@code herald.cluster.node-timeout}, and adds its id to an
 * index set. A node that stops beating drops out when its key expires; a node that stops normally removes
 * itself at once. Listing reads the index and the keys, and prunes ids whose key is gone.
 */
final class NodeRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final ObjectProvider<ConnectionRegistry> connections;
    private final HeraldExecutors executors;
    private final String self;
    private final long heartbeatMillis;
    private final long timeoutMillis;
    private final long startedAt = System.currentTimeMillis();
    private volatile boolean running;
    private ScheduledFuture<?> beating;

    NodeRegistry(
            StringRedisTemplate redis,
            JsonMapper json,
            ObjectProvider<ConnectionRegistry> connections,
            HeraldExecutors executors,
            NodeProperties node,
            ClusterProperties properties) {
        this.redis = redis;
        this.json = json;
        this.connections = connections;
        this.executors = executors;
        this.self = node.id();
        this.heartbeatMillis = properties.heartbeat().toMillis();
        this.timeoutMillis = properties.nodeTimeout().toMillis();
    }

    String self() {
        return self;
    }

    int localConnections() {
        ConnectionRegistry registry = connections.getIfAvailable();
        return registry == null ? 0 : registry.size();
    }

    void beat() {
        try {
            NodeView view = new NodeView(self, localConnections(), startedAt, System.currentTimeMillis());
            redis.opsForValue()
                    .set(RedisKeys.node(self), json.writeValueAsString(view), Duration.ofMillis(timeoutMillis));
            redis.opsForZSet().add(RedisKeys.NODES, self, view.lastSeen());
        } catch (DataAccessException e) {
            log.debug("event=cluster.heartbeat_failed error=\"{}\"", e.toString());
        }
    }

    /** Nodes whose heartbeat has not expired, by id; throws {@link DataAccessException} without Redis. */
    List<NodeView> liveNodes() {
        List<String> ids = new ArrayList<>(redis.opsForZSet().range(RedisKeys.NODES, 0, -1));
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> beats =
                redis.opsForValue().multiGet(ids.stream().map(RedisKeys::node).toList());
        List<NodeView> live = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String beat = beats == null ? null : beats.get(i);
            if (beat == null) {
                gone.add(ids.get(i));
            } else {
                live.add(json.readValue(beat, NodeView.class));
            }
        }
        if (!gone.isEmpty()) {
            redis.opsForZSet().remove(RedisKeys.NODES, gone.toArray());
        }
        live.sort(Comparator.comparing(NodeView::node));
        return live;
    }

    @Override
    public void start() {
        running = true;
        beat();
        beating = executors.every(Duration.ofMillis(heartbeatMillis), "cluster.heartbeat", this::beat);
        log.info("event=cluster.node_started node={}", self);
    }

    @Override
    public void stop() {
        running = false;
        if (beating != null) {
            beating.cancel(false);
        }
        try {
            redis.delete(RedisKeys.node(self));
            redis.opsForZSet().remove(RedisKeys.NODES, self);
        } catch (DataAccessException e) {
            log.debug("event=cluster.leave_failed error=\"{}\"", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops with the connections' closing done, before the Redis connection factory. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}

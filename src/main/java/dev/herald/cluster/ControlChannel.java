package dev.herald.cluster;

import dev.herald.NodeProperties;
import dev.herald.runtime.HeraldExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request and reply between nodes over Redis pub/sub, for the admin API. Each node listens on its own
 * inbox topic; a request is published to the inbox of every other live node (PUBLISH says whether that
 * node is listening, so the asker knows how many replies to wait for), and each answers into the asker's
 * inbox. An asker waits at most {@code herald.cluster.request-timeout}: a node that died meanwhile only
 * makes the answer later, never wrong.
 */
final class ControlChannel implements PubSub.Handler {

    /** One node's answer. */
    record Reply(String node, JsonNode result) {}

    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final NodeRegistry nodes;
    private final HeraldExecutors executors;
    private final String self;
    private final long timeoutMillis;
    private final Map<String, Function<JsonNode, Object>> answers = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    ControlChannel(
            StringRedisTemplate redis,
            JsonMapper json,
            NodeRegistry nodes,
            HeraldExecutors executors,
            PubSub pubsub,
            NodeProperties node,
            ClusterProperties properties) {
        this.redis = redis;
        this.json = json;
        this.nodes = nodes;
        this.executors = executors;
        this.self = node.id();
        this.timeoutMillis = properties.requestTimeout().toMillis();
        pubsub.listen(RedisKeys.inbox(self), this);
    }

    /** How this node answers requests of {@code operation}; the answer is sent as JSON. */
    void answer(String operation, Function<JsonNode, Object> answer) {
        answers.put(operation, answer);
    }

    /** Asks every other live node; returns the replies that came in time. */
    List<Reply> askAll(String operation, Map<String, Object> arguments) {
        return ask(operation, arguments, reply -> false);
    }

    /**
     * Asks every other live node, returning early once a reply satisfies {@code enough}. Throws
     * {@link DataAccessException} when Redis cannot be reached.
     */
    List<Reply> ask(String operation, Map<String, Object> arguments, Predicate<JsonNode> enough) {
        List<String> peers = nodes.liveNodes().stream()
                .map(n -> n.node())
                .filter(n -> !n.equals(self))
                .toList();
        if (peers.isEmpty()) {
            return List.of();
        }
        String id = UUID.randomUUID().toString();
        ObjectNode request = json.createObjectNode()
                .put("type", "request")
                .put("id", id)
                .put("from", self)
                .put("op", operation);
        request.set("args", json.valueToTree(arguments));
        String text = request.toString();
        Pending waiting = new Pending(enough);
        pending.put(id, waiting);
        try {
            int expected = 0;
            for (String peer : peers) {
                Long receivers = redis.convertAndSend(RedisKeys.inbox(peer), text);
                expected += receivers == null ? 0 : receivers.intValue();
            }
            waiting.await(expected, timeoutMillis);
            return waiting.replies();
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void onMessage(String payload) {
        JsonNode message;
        try {
            message = json.readTree(payload);
        } catch (RuntimeException e) {
            log.warn("event=cluster.bad_control_message");
            return;
        }
        String type = message.path("type").asString("");
        if (type.equals("reply")) {
            Pending waiting = pending.get(message.path("id").asString(""));
            if (waiting != null) {
                waiting.add(new Reply(message.path("node").asString(""), message.path("result")));
            }
        } else if (type.equals("request")) {
            executors.clusterWorkers().execute(() -> reply(message));
        }
    }

    private void reply(JsonNode request) {
        Function<JsonNode, Object> answer = answers.get(request.path("op").asString(""));
        if (answer == null) {
            return;
        }
        try {
            ObjectNode reply = json.createObjectNode()
                    .put("type", "reply")
                    .put("id", request.path("id").asString(""))
                    .put("node", self);
            reply.set("result", json.valueToTree(answer.apply(request.path("args"))));
            redis.convertAndSend(RedisKeys.inbox(request.path("from").asString("")), reply.toString());
        } catch (RuntimeException e) {
            log.warn(
                    "event=cluster.reply_failed op={} error=\"{}\"",
                    request.path("op").asString(""),
                    e.toString());
        }
    }

    @Override
    public void onListening() {}

    @Override
    public void onDisconnected() {}

    private static final class Pending {
        private final Predicate<JsonNode> enough;
        private final List<Reply> replies = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private int expected = Integer.MAX_VALUE;

        Pending(Predicate<JsonNode> enough) {
            this.enough = enough;
        }

        synchronized void add(Reply reply) {
            replies.add(reply);
            if (enough.test(reply.result()) || replies.size() >= expected) {
                done.countDown();
            }
        }

        void await(int count, long timeoutMillis) {
            synchronized (this) {
                expected = count;
                if (replies.size() >= expected) {
                    return;
                }
            }
            try {
                done.await(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized List<Reply> replies() {
            return List.copyOf(replies);
        }
    }
}

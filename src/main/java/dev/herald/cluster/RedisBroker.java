package dev.herald.cluster;

import dev.herald.channel.Broker;
import dev.herald.channel.BrokerUnavailableException;
import dev.herald.channel.ChannelInfo;
import dev.herald.channel.ChannelPage;
import dev.herald.channel.HistoryPage;
import dev.herald.channel.HistoryProperties;
import dev.herald.channel.IdempotentAnswer;
import dev.herald.channel.Ids;
import dev.herald.channel.Message;
import dev.herald.channel.PublishResponse;
import dev.herald.channel.Since;
import dev.herald.channel.Subscriber;
import dev.herald.runtime.HeraldExecutors;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scripting.support.ResourceScriptSource;
import tools.jackson.databind.JsonNode;

/**
 * The broker of many nodes, on Redis. A publish runs one Lua script that, atomically, gives the message the
 * channel's next offset (a counter in the channel's hash, beside its epoch), appends it to the channel's
 * history (a stream capped at {@code herald.history.size}, entry id {@code 0-<offset>}, so reading "after
 * offset N" is a range read), publishes it on the channel's pub/sub topic and, with an Idempotency-Key,
 * stores the answer with {@code SET ... PX}. The publisher is answered once the script has run: Redis has
 * the message. Each node listens to the topics of the channels its clients read, and hands messages to
 * them through a {@link ChannelRelay}, which keeps offset order and fills gaps from history.
 */
final class RedisBroker implements Broker, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    @SuppressWarnings("rawtypes")
    static final RedisScript<List> PUBLISH = RedisScript.of(script("publish.lua"), List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ = RedisScript.of(script("read.lua"), List.class);

    private final StringRedisTemplate redis;
    private final PubSub pubsub;
    private final ControlChannel control;
    private final HeraldExecutors executors;
    private final ConcurrentHashMap<String, ChannelRelay> relays = new ConcurrentHashMap<>();
    private final int historySize;
    private final long ttlMillis;
    private volatile boolean running;
    private ScheduledFuture<?> keeping;

    RedisBroker(
            StringRedisTemplate redis,
            PubSub pubsub,
            ControlChannel control,
            HeraldExecutors executors,
            HistoryProperties history) {
        this.redis = redis;
        this.pubsub = pubsub;
        this.control = control;
        this.executors = executors;
        this.historySize = history.size();
        this.ttlMillis = history.ttl().toMillis();
        control.answer(
                "channels",
                request -> localSubscriberCounts(request.path("channels")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList()));
    }

    @Override
    public Message publish(String channel, String data) {
        String id = Ids.newMessageId();
        List<?> reply = call(() -> redis.execute(
                PUBLISH,
                List.of(RedisKeys.state(channel), RedisKeys.history(channel)),
                RedisKeys.topic(channel),
                id,
                data,
                Integer.toString(historySize),
                Long.toString(ttlMillis),
                Ids.newEpoch()));
        return accepted(channel, id, data, reply);
    }

    @Override
    public IdempotentAnswer publishOnce(String channel, String data, String key, String fingerprint) {
        String id = Ids.newMessageId();
        List<?> reply = call(() -> redis.execute(
                PUBLISH,
                List.of(RedisKeys.state(channel), RedisKeys.history(channel), RedisKeys.idempotency(key)),
                RedisKeys.topic(channel),
                id,
                data,
                Integer.toString(historySize),
                Long.toString(ttlMillis),
                Ids.newEpoch(),
                fingerprint,
                Long.toString(IDEMPOTENCY_WINDOW.toMillis())));
        if ("replayed".equals(reply.get(0))) {
            // fingerprint \n id \n offset \n epoch \n ts, as publish.lua stored it
            String[] first = ((String) reply.get(1)).split("\n", 5);
            return new IdempotentAnswer(
                    first[0],
                    new PublishResponse(
                            first[1], channel, Long.parseLong(first[2]), first[3], Long.parseLong(first[4])),
                    true);
        }
        return new IdempotentAnswer(fingerprint, PublishResponse.of(accepted(channel, id, data, reply)), false);
    }

    private static Message accepted(String channel, String id, String data, List<?> reply) {
        return Message.of(
                channel, (Long) reply.get(2), id, (Long) reply.get(3), (String) reply.get(1), data, System.nanoTime());
    }

    @Override
    public void subscribe(String channel, Subscriber subscriber, Since since) {
        while (true) {
            ChannelRelay relay = relays.computeIfAbsent(channel, this::newRelay);
            if (relay.join(subscriber, since)) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    private ChannelRelay newRelay(String channel) {
        ChannelRelay relay =
                new ChannelRelay(channel, executors.relays(), executors.scheduler(), this::read, historySize);
        pubsub.listen(RedisKeys.topic(channel), relay);
        return relay;
    }

    @Override
    public void unsubscribe(String channel, Subscriber subscriber) {
        ChannelRelay relay = relays.get(channel);
        if (relay != null && relay.leave(subscriber)) {
            // stop listening before the relay leaves the map: a new relay's SUBSCRIBE then follows the UNSUBSCRIBE
            pubsub.stopListening(RedisKeys.topic(channel));
            relays.remove(channel, relay);
        }
    }

    @Override
    public HistoryPage history(String channel, long since, int limit) {
        ChannelState state = call(() -> read(channel, since == Long.MAX_VALUE ? since : since + 1, limit));
        return new HistoryPage(channel, state.epoch(), state.offset(), state.messages());
    }

    /**
     * A page of the channels Redis holds (a SCAN of their state keys, names only; epochs and offsets are
     * read for the page's channels alone), with subscriber counts summed over every node that answers
     * within {@code herald.cluster.request-timeout}.
     */
    @Override
    public ChannelPage channels(String after, int limit) {
        ChannelPage.Window window = call(() -> {
            List<String> names = new ArrayList<>();
            try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions()
                    .match(RedisKeys.CHANNEL_STATE_PATTERN)
                    .count(1000)
                    .build())) {
                keys.forEachRemaining(key -> names.add(RedisKeys.channelOfState(key)));
            }
            return ChannelPage.window(names, after, limit);
        });
        List<String> names = window.names();
        if (names.isEmpty()) {
            return window.page(List.of());
        }
        Map<String, Integer> subscribers = new HashMap<>(localSubscriberCounts(names));
        for (var reply : call(() -> control.askAll("channels", Map.of("channels", names)))) {
            reply.result()
                    .properties()
                    .forEach(e -> subscribers.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
        }
        List<Object> states = call(() -> redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String name : names) {
                connection
                        .hashCommands()
                        .hMGet(RedisKeys.state(name).getBytes(), "epoch".getBytes(), "offset".getBytes());
            }
            return null;
        }));
        List<ChannelInfo> channels = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            List<?> fields = (List<?>) states.get(i);
            if (fields.get(0) == null) {
                continue;
            }
            String name = names.get(i);
            channels.add(new ChannelInfo(
                    name, subscribers.getOrDefault(name, 0), Long.parseLong((String) fields.get(1)), (String)
                            fields.get(0)));
        }
        return window.page(channels);
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public Map<String, Object> health() {
        String pong = call(() -> redis.execute(RedisConnection::ping));
        if (!pubsub.isConnected()) {
            throw new BrokerUnavailableException("the pub/sub connection to Redis is down");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("redis", pong);
        details.put("channelsListened", relays.size());
        return details;
    }

    /** This node's subscribers of each of {@code channels} that has any. */
    Map<String, Integer> localSubscriberCounts(List<String> channels) {
        Map<String, Integer> counts = new HashMap<>();
        for (String name : channels) {
            ChannelRelay relay = relays.get(name);
            int subscribers = relay == null ? 0 : relay.subscribers();
            if (subscribers > 0) {
                counts.put(name, subscribers);
            }
        }
        return counts;
    }

    ChannelState read(String channel, long fromOffset, int count) {
        List<?> reply = redis.execute(
                READ,
                List.of(RedisKeys.state(channel), RedisKeys.history(channel)),
                Long.toString(Math.max(1, fromOffset)),
                Integer.toString(count),
                Long.toString(ttlMillis),
                Ids.newEpoch());
        String epoch = (String) reply.get(0);
        return new ChannelState(
                epoch, (Long) reply.get(1), (Long) reply.get(2), RedisMessages.fromHistory(channel, epoch, (List<?>)
                        reply.get(3)));
    }

    /**
     * Keeps the Redis keys of channels this node's clients read from expiring: Redis forgets a channel
     * after {@code herald.history.ttl} without publishes only when no node has a subscriber on it.
     */
    void keepSubscribedChannels() {
        List<String> names = new ArrayList<>(relays.keySet());
        if (names.isEmpty()) {
            return;
        }
        try {
            redis.executePipelined((RedisCallback<Object>) connection -> {
                for (String name : names) {
                    connection.keyCommands().pExpire(RedisKeys.state(name).getBytes(), ttlMillis);
                    connection.keyCommands().pExpire(RedisKeys.history(name).getBytes(), ttlMillis);
                }
                return null;
            });
        } catch (DataAccessException e) {
            log.debug("event=cluster.keep_channels_failed", e);
        }
    }

    /**
     * The script's text, read once: a script over a resource would check the resource again on every call.
     * Spring's script executor runs it by its SHA-1 and sends the text only when Redis answers NOSCRIPT.
     */
    private static String script(String name) {
        try {
            return new ResourceScriptSource(new ClassPathResource("redis/" + name)).getScriptAsString();
        } catch (IOException e) {
            throw new IllegalStateException("the Redis script " + name + " cannot be read from the class path", e);
        }
    }

    private static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (DataAccessException e) {
            throw new BrokerUnavailableException(
                    "Redis is not reachable: " + e.getMostSpecificCause().getMessage(), e);
        }
    }

    @Override
    public void start() {
        running = true;
        long every = Math.max(100, Math.min(ttlMillis / 3, 60_000));
        keeping = executors.every(Duration.ofMillis(every), "cluster.keep_channels", this::keepSubscribedChannels);
    }

    @Override
    public void stop() {
        running = false;
        if (keeping != null) {
            keeping.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}

package dev.herald.cluster;

import dev.herald.runtime.HeraldExecutors;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * This node's one Redis pub/sub connection and the topics it listens to. Each topic's handler is told
 * when Redis has confirmed the subscription ({@link Handler#onListening}), which is the moment from which
 * no published message can be missed, and again after every reconnect; and when the connection is lost.
 * A reconciling loop (every 250 ms) opens the connection while Redis is away and subscribes whatever is
 * not confirmed, so a subscription asked for during an outage takes effect as soon as Redis is back.
 */
final class PubSub implements SmartLifecycle {

    /** Receives a topic's messages on Lettuce's event loop: hand them over, never block. */
    interface Handler {
        void onMessage(String payload);

        void onListening();

        void onDisconnected();
    }

    private static final Logger log = LoggerFactory.getLogger(PubSub.class);
    private static final Duration RECONCILE = Duration.ofMillis(250);

    private final LettuceConnectionFactory factory;
    private final HeraldExecutors executors;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean wasOpen;
    private volatile boolean running;
    private ScheduledFuture<?> reconciling;

    PubSub(LettuceConnectionFactory factory, HeraldExecutors executors) {
        this.factory = factory;
        this.executors = executors;
    }

    void listen(String topic, Handler handler) {
        Topic entry = new Topic(topic, handler);
        topics.put(topic, entry);
        subscribe(entry);
    }

    void stopListening(String topic) {
        Topic entry = topics.remove(topic);
        StatefulRedisPubSubConnection<String, String> open = connection;
        if (entry != null && open != null && open.isOpen()) {
            try {
                open.async().unsubscribe(topic);
            } catch (RuntimeException e) {
                // not connected: Redis forgets the subscription with the connection
            }
        }
    }

    boolean isConnected() {
        StatefulRedisPubSubConnection<String, String> open = connection;
        return open != null && open.isOpen();
    }

    private void subscribe(Topic entry) {
        StatefulRedisPubSubConnection<String, String> open = connection;
        if (open == null || !open.isOpen() || entry.inFlight) {
            return;
        }
        entry.inFlight = true;
        try {
            open.async().subscribe(entry.name).whenComplete((ok, error) -> {
                entry.inFlight = false;
                if (error == null && topics.get(entry.name) == entry) {
                    entry.confirmed = true;
                    entry.handler.onListening();
                }
            });
        } catch (RuntimeException e) {
            entry.inFlight = false;
        }
    }

    private void reconcile() {
        try {
            if (connection == null) {
                connect();
            }
            boolean open = isConnected();
            if (!open && wasOpen) {
                disconnected();
            }
            wasOpen = open;
            if (open) {
                topics.values().forEach(entry -> {
                    if (!entry.confirmed) {
                        subscribe(entry);
                    }
                });
            }
        } catch (RuntimeException e) {
            log.debug("event=cluster.pubsub_reconcile error=\"{}\"", e.toString());
        }
    }

    private void connect() {
        RedisClient client = (RedisClient) factory.getRequiredNativeClient();
        try {
            StatefulRedisPubSubConnection<String, String> opened = client.connectPubSub(StringCodec.UTF8);
            opened.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String topic, String payload) {
                    Topic entry = topics.get(topic);
                    if (entry != null) {
                        entry.handler.onMessage(payload);
                    }
                }
            });
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                    if (handler == opened) {
                        disconnected();
                    }
                }

                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    if (handler == opened) {
                        executors.scheduler().execute(PubSub.this::reconcile);
                    }
                }
            });
            connection = opened;
            log.info("event=cluster.pubsub_connected");
        } catch (RuntimeException e) {
            log.debug("event=cluster.pubsub_connect_failed error=\"{}\"", e.toString());
        }
    }

    private void disconnected() {
        topics.values().forEach(entry -> {
            if (entry.confirmed) {
                entry.confirmed = false;
                entry.handler.onDisconnected();
            }
        });
    }

    @Override
    public void start() {
        running = true;
        reconcile();
        reconciling = executors.every(RECONCILE, "cluster.pubsub_reconcile", this::reconcile);
    }

    @Override
    public void stop() {
        running = false;
        if (reconciling != null) {
            reconciling.cancel(false);
        }
        StatefulRedisPubSubConnection<String, String> open = connection;
        if (open != null) {
            open.closeAsync();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server takes traffic; stops after it and after the connections (which unsubscribe). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    private static final class Topic {
        final String name;
        final Handler handler;
        volatile boolean confirmed;
        volatile boolean inFlight;

        Topic(String name, Handler handler) {
            this.name = name;
            this.handler = handler;
        }
    }
}

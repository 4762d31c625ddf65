package dev.herald.ws;

import dev.herald.token.TokenService;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Health component {@code warmup}, with {@code herald.warmup.connections} above 0: before the node reports
 * ready, that many clients connect over loopback, subscribe and close, the way reconnecting clients do. A
 * fresh JVM interprets the connection path and then compiles it on the core that serves the clients, so its
 * first tens of thousands of connections cost several times a warm node's and delay everyone else's
 * messages; the warm-up pays that before any client is there (figures in bench/CAPACITY.md). The component is
 * {@code OUT_OF_SERVICE}, and {@code /actuator/health} 503, until the warm-up has ended.
 */
@Component("warmup")
@ConditionalOnExpression("${herald.warmup.connections:0} > 0")
class ConnectionWarmup implements ApplicationRunner, HealthIndicator {

    static final String CHANNEL = "herald.warmup";
    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\"}";
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ConnectionWarmup.class);

    private final WarmupProperties properties;
    private final TokenService tokens;
    private final WebServerApplicationContext context;
    private final Environment environment;
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean finished;
    private volatile long elapsedMillis;

    ConnectionWarmup(
            WarmupProperties properties,
            TokenService tokens,
            WebServerApplicationContext context,
            Environment environment) {
        this.properties = properties;
        this.tokens = tokens;
        this.context = context;
        this.environment = environment;
    }

    @Override
    public Health health() {
        Health.Builder health = finished ? Health.up() : Health.outOfService();
        health.withDetail("connections", completed.get())
                .withDetail("failed", failed.get())
                .withDetail("target", properties.connections());
        return finished ? health.withDetail("ms", elapsedMillis).build() : health.build();
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        long started = System.nanoTime();
        try {
            if (environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
                log.warn("event=warmup.skipped reason=tls");
                return;
            }
            warmUp(started + properties.timeout().toNanos());
        } finally {
            elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            finished = true;
            log.info("event=warmup.done connections={} failed={} ms={}", completed.get(), failed.get(), elapsedMillis);
        }
    }

    private void warmUp(long deadline) throws InterruptedException {
        URI uri = endpoint();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "herald-warmup");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(CONNECTION_TIMEOUT)
                .build();
        int concurrency = properties.concurrency();
        Semaphore slots = new Semaphore(concurrency);
        try {
            for (int i = 0; i < properties.connections(); i++) {
                if (!slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                subscribeAndClose(client, uri).whenComplete((ok, error) -> {
                    (Boolean.TRUE.equals(ok) ? completed : failed).incrementAndGet();
                    slots.release();
                });
            }
            // the last ones end, or time out, before the node reports ready
            slots.tryAcquire(concurrency, CONNECTION_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } finally {
            executor.shutdownNow();
        }
    }

    private URI endpoint() {
        String token = tokens.issue(
                        "herald-warmup",
                        List.of(CHANNEL),
                        List.of(),
                        properties.timeout().plus(CONNECTION_TIMEOUT).plusMinutes(1))
                .token();
        String path = environment.getProperty("server.servlet.context-path", "") + "/v1/ws?token=" + token;
        return URI.create("ws://" + host() + ":" + context.getWebServer().getPort() + path);
    }

    /** The address the server listens on, loopback when it listens on all of them. */
    private String host() {
        String configured = environment.getProperty("server.address");
        if (configured == null || configured.isBlank()) {
            return "127.0.0.1";
        }
        try {
            InetAddress address = InetAddress.getByName(configured);
            if (address.isAnyLocalAddress()) {
                return "127.0.0.1";
            }
            String literal = address.getHostAddress();
            return literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal;
        } catch (UnknownHostException e) {
            return configured;
        }
    }

    private static CompletableFuture<Boolean> subscribeAndClose(HttpClient client, URI uri) {
        SubscribeAndClose listener = new SubscribeAndClose();
        client.newWebSocketBuilder().buildAsync(uri, listener).whenComplete((socket, error) -> {
            if (error != null) {
                listener.closed.complete(false);
            }
        });
        return listener.closed
                .completeOnTimeout(false, CONNECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> listener.abortUnlessClosed());
    }

    /** A client's short life: the welcome, a subscribe, its answer, a normal close. */
    private static final class SubscribeAndClose implements WebSocket.Listener {

        final CompletableFuture<Boolean> closed = new CompletableFuture<>();
        private final StringBuilder frame = new StringBuilder();
        private volatile WebSocket socket;
        private volatile boolean closeReceived;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            webSocket.request(1);
            if (last) {
                String text = frame.toString();
                frame.setLength(0);
                if (text.contains("\"welcome\"")) {
                    webSocket.sendText(SUBSCRIBE, true);
                } else if (text.contains("\"subscribed\"")) {
                    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "");
                } else {
                    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "");
                    closed.complete(false);
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReceived = true;
            closed.complete(statusCode == WebSocket.NORMAL_CLOSURE);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(false);
        }

        void abortUnlessClosed() {
            WebSocket open = socket;
            if (open != null && !closeReceived) {
                open.abort();
            }
        }
    }
}

package dev.herald.ws;

import dev.herald.token.TokenService;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    private static final String CHANNEL = "herald.warmup";
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
        // Netty's client on a loop of its own: light enough that the node's side, the part to be compiled, is
        // most of the warm-up's CPU, and it shares Netty's code with the node's event loops
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("herald-warmup", true), NioIoHandler.newFactory());
        InetSocketAddress address =
                new InetSocketAddress(uri.getHost().replace("[", "").replace("]", ""), uri.getPort());
        int concurrency = properties.concurrency();
        Semaphore slots = new Semaphore(concurrency);
        try {
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECTION_TIMEOUT.toMillis());
            for (int i = 0; i < properties.connections(); i++) {
                if (!slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                SubscribeAndClose client = new SubscribeAndClose();
                bootstrap
                        .clone()
                        .handler(client.pipeline(uri))
                        .connect(address)
                        .addListener((ChannelFuture connect) -> {
                            if (!connect.isSuccess()) {
                                client.end(false);
                                return;
                            }
                            Channel channel = connect.channel();
                            ScheduledFuture<?> timeout = channel.eventLoop()
                                    .schedule(
                                            (Runnable) channel::close,
                                            CONNECTION_TIMEOUT.toMillis(),
                                            TimeUnit.MILLISECONDS);
                            channel.closeFuture().addListener(closed -> {
                                timeout.cancel(false);
                                client.end(client.closedNormally);
                            });
                        });
                client.result.whenComplete((ok, error) -> {
                    (Boolean.TRUE.equals(ok) ? completed : failed).incrementAndGet();
                    slots.release();
                });
            }
            // the last ones end, or time out, before the node reports ready
            slots.tryAcquire(concurrency, CONNECTION_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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

    /** A client's short life: the welcome, a subscribe, its answer, a normal close. */
    private static final class SubscribeAndClose extends SimpleChannelInboundHandler<WebSocketFrame> {

        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        volatile boolean closedNormally;
        private boolean subscribed;

        ChannelInitializer<SocketChannel> pipeline(URI uri) {
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(uri)
                    .generateOriginHeader(false)
                    .handleCloseFrames(false)
                    .build();
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline()
                            .addLast(new HttpClientCodec())
                            .addLast(new HttpObjectAggregator(8192))
                            .addLast(new WebSocketClientProtocolHandler(config))
                            .addLast(SubscribeAndClose.this);
                }
            };
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                String json = text.text();
                if (json.contains("\"welcome\"")) {
                    context.writeAndFlush(new TextWebSocketFrame(SUBSCRIBE));
                } else {
                    subscribed = json.contains("\"subscribed\"");
                    context.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                closedNormally = subscribed && close.statusCode() == WebSocketCloseStatus.NORMAL_CLOSURE.code();
                context.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }

        void end(boolean ok) {
            result.complete(ok);
        }
    }
}

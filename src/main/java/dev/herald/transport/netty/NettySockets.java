package dev.herald.transport.netty;

import dev.herald.transport.AdoptedSockets;
import dev.herald.transport.DirectUpgrades;
import dev.herald.transport.DrainLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;

/**
 * Netty's event loops, which run the client connections handed over after their upgrade: one thread per core
 * reads, decodes and writes every socket ({@link NettySession}).
 */
final class NettySockets implements AdoptedSockets, DisposableBean {

    private static final RecvByteBufAllocator FIRST_READ = new FixedRecvByteBufAllocator(2048);

    private final EventLoopGroup loops;
    private final WebSocketDecoderConfig decoding;
    private final long closeTimeoutMillis;
    private final LongAdder adopted = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final DirectUpgrades upgrades;
    /** False when nothing the handler calls can wait (one node's memory broker): its calls then run on the loop. */
    private final boolean handlersMayWait;
    /**
     * Each loop's outbound drains, run by one task on the loop however many connections became due: a message
     * fanned out to a thousand connections wakes each loop once, and each write is made on the loop itself.
     */
    private final Map<EventExecutor, DrainLoop> drains;

    /**
     * @param threads           event loops; each socket stays on one
     * @param maxFrameBytes     a larger frame is closed with 1009 before it is read whole
     * @param closeTimeoutMillis how long a close waits for its frame to leave and the peer to answer
     * @param handlersMayWait   whether the handler's calls may wait (for Redis): they then run on the container's
     *                          request threads, else on the connection's event loop, without a hand-off
     * @param writeWindowNanos  how long after a write a connection's next one waits ({@link DrainLoop})
     */
    NettySockets(
            DirectUpgrades upgrades,
            int threads,
            int maxFrameBytes,
            long closeTimeoutMillis,
            boolean handlersMayWait,
            long writeWindowNanos) {
        this.upgrades = upgrades;
        this.handlersMayWait = handlersMayWait;
        this.loops = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("herald-event-loop", true), NioIoHandler.newFactory());
        this.decoding = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .maxFramePayloadLength(maxFrameBytes)
                .closeOnProtocolViolation(true)
                .build();
        this.closeTimeoutMillis = closeTimeoutMillis;
        Map<EventExecutor, DrainLoop> byLoop = new HashMap<>();
        for (EventExecutor loop : loops) {
            byLoop.put(loop, new DrainLoop(loop, 1, loop, writeWindowNanos));
        }
        this.drains = Map.copyOf(byLoop);
    }

    @Override
    public void admit(
            SocketChannel socket,
            long decideWithinMillis,
            Executor handlers,
            Consumer<ByteBuffer> elsewhere,
            Runnable closed) {
        AdoptedChannel channel = new AdoptedChannel(socket);
        // the first read is all a request that is not an upgrade waits for: a small one
        channel.config().setRecvByteBufAllocator(FIRST_READ);
        channel.pipeline().addLast(new FrontDoor(this, upgrades, decideWithinMillis, handlers, elsewhere, closed));
        loops.next().register(channel);
    }

    /**
     * Serves an upgrade the front door answered: the channel becomes a WebSocket, {@code unread} holds frames that
     * came with the request.
     */
    void serve(
            ChannelHandlerContext door,
            DirectUpgrades.Accepted upgrade,
            Executor handlers,
            ByteBuf unread,
            Runnable closed) {
        AdoptedChannel channel = (AdoptedChannel) door.channel();
        channel.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator());
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        NettySession session = websocket(channel, channel.eventLoop(), upgrade, handlers, closed);
        channel.pipeline().remove(door.handler());
        session.open(channel.newSucceededFuture());
        if (unread != null) {
            channel.pipeline().fireChannelRead(unread);
        }
    }

    /** Makes {@code channel}, on {@code loop}, a WebSocket served by a new session of {@code upgrade}. */
    private NettySession websocket(
            AdoptedChannel channel,
            EventLoop loop,
            DirectUpgrades.Accepted upgrade,
            Executor handlers,
            Runnable closed) {
        NettySession session = new NettySession(
                channel,
                upgrade.handler(),
                upgrade.attributes(),
                new OrderedCalls(handlersMayWait ? handlers : Runnable::run),
                drains.get(loop),
                closeTimeoutMillis,
                closed);
        channel.pipeline()
                .addLast(
                        new WebSocket13FrameEncoder(false),
                        new WebSocket13FrameDecoder(decoding),
                        new Utf8FrameValidator(true),
                        session);
        return session;
    }

    /** The peer as the container's request shows it: {@code address:port}. */
    String remoteAddress(Channel channel) {
        InetSocketAddress peer = (InetSocketAddress) channel.remoteAddress();
        return peer.getAddress().getHostAddress() + ":" + peer.getPort();
    }

    @Override
    public void adopt(
            SocketChannel socket,
            ByteBuffer unread,
            DirectUpgrades.Accepted upgrade,
            Executor handlers,
            Runnable released) {
        AdoptedChannel channel = new AdoptedChannel(socket);
        EventLoop loop = loops.next();
        NettySession session = websocket(channel, loop, upgrade, handlers, released);
        ChannelFuture registration = loop.register(channel);
        if (unread != null && unread.hasRemaining()) {
            registration.addListener(done -> channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(unread)));
        }
        adopted.increment();
        session.open(registration);
    }

    /** Connections taken over after the container answered their upgrade, for tests. */
    long adopted() {
        return adopted.sum();
    }

    /** Upgrades answered by the front door, for tests. */
    long answered() {
        return answered.sum();
    }

    /** Upgrades the front door refused itself (the node's rate), for tests. */
    long refused() {
        return refused.sum();
    }

    /** Whether handler calls are handed to the container's request threads, for tests. */
    boolean handsCallsOff() {
        return handlersMayWait;
    }

    /** The front door is answering an upgrade (counted before the client can see the answer). */
    void answering() {
        answered.increment();
    }

    /** The front door is refusing an upgrade (counted before the client can see the answer). */
    void refusing() {
        refused.increment();
    }

    @Override
    public void destroy() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}

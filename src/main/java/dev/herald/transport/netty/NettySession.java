package dev.herald.transport.netty;

import dev.herald.transport.DrainLoop;
import dev.herald.transport.FrameWriter;
import dev.herald.transport.OutboundFrame;
import dev.herald.transport.SocketSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client connection on an event loop: the last handler of its channel, which turns the frames Netty's
 * decoder read into the handler's calls, and the session and frame writer the handler sees.
 *
 * <p>Text messages reach the handler in parts, one per frame, as on the container's session; a character
 * split between two frames is held back for the next part. The close handshake: a close frame from the peer is
 * answered with its code and the socket closed; a close the server starts waits for the peer's answer, at most
 * the send timeout. The handler hears of the close once, with the server's status when it started the close,
 * otherwise the peer's, 1006 when none came, or the decoder's for a frame that broke the protocol.
 */
final class NettySession extends ChannelInboundHandlerAdapter implements WebSocketSession, SocketSession, FrameWriter {

    private static final AtomicLong IDS = new AtomicLong();
    private static final SendResult WRITTEN = new SendResult((Session) null);
    private static final byte TEXT = (byte) 0x81;
    private static final byte PING = (byte) 0x89;
    /** Frames one write takes at most; the queue's byte bound keeps batches small anyway. */
    private static final int BATCH_LIMIT = 64;
    /** Bytes of the buffer each event loop writes its sockets from: a full batch and its headers. */
    private static final int LOOP_BUFFER_BYTES = 128 * 1024;

    private static final FastThreadLocal<ByteBuffer> LOOP_BUFFER = new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocateDirect(LOOP_BUFFER_BYTES);
        }
    };

    private final String id = Long.toHexString(IDS.incrementAndGet());
    private final AdoptedChannel channel;
    private final WebSocketHandler handler;
    private final Map<String, Object> attributes;
    private final OrderedCalls calls;
    private final DrainLoop drains;
    private final long closeTimeoutMillis;
    private final Runnable released;
    /** The status the handler is told of; the first one decided wins. */
    private final AtomicReference<CloseStatus> closeStatus = new AtomicReference<>();
    /** Set once a close frame was sent, by either side's close. */
    private final AtomicBoolean closeSent = new AtomicBoolean();

    private volatile IntPredicate pings;
    /** Done once the channel is registered with its event loop: writes before that wait for it. */
    private volatile ChannelFuture registered;

    private volatile ScheduledFuture<?> closeDeadline;
    private int textLimit = 8192;
    private int binaryLimit = 8192;

    // read on the event loop only
    private boolean inBinary;
    private byte[] splitCharacter;

    // one write at a time (FrameWriter)
    private SendHandler writeDone;
    private final ChannelFutureListener written = future -> {
        SendHandler done = writeDone;
        writeDone = null;
        done.onResult(future.isSuccess() ? WRITTEN : new SendResult((Session) null, future.cause()));
    };

    NettySession(
            AdoptedChannel channel,
            WebSocketHandler handler,
            Map<String, Object> attributes,
            OrderedCalls calls,
            DrainLoop drains,
            long closeTimeoutMillis,
            Runnable released) {
        this.channel = channel;
        this.handler = handler;
        this.attributes = attributes;
        this.calls = calls;
        this.drains = drains;
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.released = released;
    }

    // ---- inbound, on the event loop

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame frame) {
                inBinary = false;
                text(frame.content(), frame.isFinalFragment());
            } else if (msg instanceof BinaryWebSocketFrame frame) {
                inBinary = true;
                binary(frame.content(), frame.isFinalFragment());
            } else if (msg instanceof ContinuationWebSocketFrame frame) {
                if (inBinary) {
                    binary(frame.content(), frame.isFinalFragment());
                } else {
                    text(frame.content(), frame.isFinalFragment());
                }
            } else if (msg instanceof PingWebSocketFrame frame) {
                IntPredicate answer = pings;
                if (!closeSent.get()
                        && (answer == null || answer.test(frame.content().readableBytes()))) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                }
            } else if (msg instanceof PongWebSocketFrame frame) {
                PongMessage pong = new PongMessage(copy(frame.content()));
                calls.execute(() -> call(() -> handler.handleMessage(this, pong)));
            } else if (msg instanceof CloseWebSocketFrame frame) {
                peerClosed(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void text(ByteBuf content, boolean last) {
        if (closeSent.get()) {
            return;
        }
        TextMessage part = new TextMessage(textPart(content, last), last);
        calls.execute(() -> call(() -> handler.handleMessage(this, part)));
    }

    private void binary(ByteBuf content, boolean last) {
        if (closeSent.get()) {
            return;
        }
        BinaryMessage part = new BinaryMessage(copy(content), last);
        calls.execute(() -> call(() -> handler.handleMessage(this, part)));
    }

    /** The frame's text, without a character that the next frame completes (held back for it). */
    private String textPart(ByteBuf content, boolean last) {
        byte[] held = splitCharacter;
        splitCharacter = null;
        if (held == null && last) {
            return content.toString(StandardCharsets.UTF_8);
        }
        int length = content.readableBytes();
        byte[] bytes = new byte[(held == null ? 0 : held.length) + length];
        int start = 0;
        if (held != null) {
            System.arraycopy(held, 0, bytes, 0, held.length);
            start = held.length;
        }
        content.getBytes(content.readerIndex(), bytes, start, length);
        int complete = last ? bytes.length : completeCharacters(bytes);
        if (complete < bytes.length) {
            splitCharacter = java.util.Arrays.copyOfRange(bytes, complete, bytes.length);
        }
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** How many leading bytes of valid UTF-8 {@code bytes} end on a whole character. */
    static int completeCharacters(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= 3 && back <= end; back++) {
            int b = bytes[end - back] & 0xff;
            if (b < 0x80) {
                return end;
            }
            if (b >= 0xc0) {
                int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return needed > back ? end - back : end;
            }
        }
        return end;
    }

    private void peerClosed(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
        int code = frame.statusCode();
        CloseStatus status = code < 0 ? CloseStatus.NO_STATUS_CODE : new CloseStatus(code, frame.reasonText());
        closeStatus.compareAndSet(null, status);
        if (closeSent.compareAndSet(false, true)) {
            CloseWebSocketFrame answer = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, null);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            // the answer to the server's close frame
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException broken) {
            // the decoder has sent its close frame and closes the socket
            closeSent.set(true);
            closeStatus.compareAndSet(
                    null, new CloseStatus(broken.closeStatus().code(), FRAME_ERROR + broken.getMessage()));
        } else {
            calls.execute(() -> call(() -> handler.handleTransportError(this, cause)));
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ScheduledFuture<?> deadline = closeDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        closed();
    }

    /** The handler hears of the close, and the container forgets the socket. */
    private void closed() {
        closeStatus.compareAndSet(null, CloseStatus.NO_CLOSE_FRAME);
        CloseStatus status = closeStatus.get();
        calls.execute(() -> call(() -> handler.afterConnectionClosed(this, status)));
        released.run();
    }

    /**
     * Opens the session on the calling thread, once its channel is being registered: the handler hears of it
     * before any frame is handed over. A channel that could not be registered (the peer had gone) is closed.
     */
    void open(ChannelFuture registration) {
        registered = registration;
        registration.addListener(done -> {
            if (!done.isSuccess()) {
                closed();
            }
        });
        try {
            handler.afterConnectionEstablished(this);
        } catch (Exception e) {
            calls.execute(() -> call(() -> handler.handleTransportError(this, e)));
            close(CloseStatus.SERVER_ERROR);
        } finally {
            calls.release();
        }
    }

    private interface HandlerCall {
        void run() throws Exception;
    }

    private void call(HandlerCall call) {
        try {
            call.run();
        } catch (Exception e) {
            // the handler is Spring's exception decorator, which closes with 1011 itself
            if (isOpen()) {
                close(CloseStatus.SERVER_ERROR);
            }
        }
    }

    private static ByteBuffer copy(ByteBuf content) {
        ByteBuffer copy = ByteBuffer.allocate(content.readableBytes());
        content.getBytes(content.readerIndex(), copy);
        return copy.flip();
    }

    // ---- closes

    @Override
    public void close() {
        close(CloseStatus.NORMAL);
    }

    /** Sends the close frame after what is being written, and waits for the peer's answer. */
    @Override
    public void close(CloseStatus status) {
        closeStatus.compareAndSet(null, status);
        if (!closeSent.compareAndSet(false, true)) {
            return;
        }
        whenRegistered(() -> channel.writeAndFlush(new CloseWebSocketFrame(status.getCode(), status.getReason())));
        // a peer that neither takes the frame nor answers it loses the connection anyway
        closeDeadline = channel.eventLoop().schedule(() -> channel.close(), closeTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    // ---- outbound (FrameWriter)

    @Override
    public FrameWriter writer() {
        return this;
    }

    @Override
    public DrainLoop drains() {
        return drains;
    }

    @Override
    public void watchPings(IntPredicate answer) {
        pings = answer;
    }

    @Override
    public int batchLimit() {
        return BATCH_LIMIT;
    }

    /**
     * The frames in one buffer and one write: headers made here, payloads copied once from the shared bytes.
     * On the event loop, with nothing of Netty's waiting, the session writes the socket itself from the loop's
     * buffer, and the send is done before this returns: Netty's way (a pooled buffer, a promise, the pipeline,
     * its outbound buffer and a listener) cost as much as the system call, once per write of every connection.
     * What the socket does not take at once, and every other write, goes Netty's way, which waits for the socket.
     */
    @Override
    public void write(OutboundFrame[] frames, int count, SendHandler done) {
        int size = 0;
        for (int i = 0; i < count; i++) {
            int payload = OutboundFrame.payloadBytes(frames[i]);
            size += headerBytes(payload) + payload;
        }
        if (size <= LOOP_BUFFER_BYTES && channel.eventLoop().inEventLoop() && writesDirectly()) {
            ByteBuffer out = LOOP_BUFFER.get().clear();
            put(frames, count, out);
            out.flip();
            try {
                channel.socket().write(out);
            } catch (IOException | RuntimeException e) {
                channel.close();
                done.onResult(new SendResult((Session) null, e));
                return;
            }
            if (!out.hasRemaining()) {
                done.onResult(WRITTEN);
                return;
            }
            ByteBuf rest = channel.alloc().directBuffer(out.remaining()).writeBytes(out);
            writeDone = done;
            channel.writeAndFlush(rest).addListener(written);
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate(size);
        put(frames, count, bytes);
        ByteBuf out = Unpooled.wrappedBuffer(bytes.flip());
        writeDone = done;
        whenRegistered(() -> channel.writeAndFlush(out).addListener(written));
    }

    /** Registered, open, and nothing of Netty's (a Pong, a close frame, a write's rest) waits for the socket. */
    private boolean writesDirectly() {
        ChannelFuture registration = registered;
        return registration.isDone() && registration.isSuccess() && channel.isActive() && channel.nothingPending();
    }

    private static void put(OutboundFrame[] frames, int count, ByteBuffer out) {
        for (int i = 0; i < count; i++) {
            OutboundFrame frame = frames[i];
            if (frame instanceof OutboundFrame.Shared shared) {
                putText(out, shared.frame());
            } else if (frame instanceof OutboundFrame.Text text) {
                putText(out, text.utf8());
            } else if (frame instanceof OutboundFrame.Ping) {
                out.put(PING).put((byte) 0);
            } else {
                throw new IllegalArgumentException("not a frame a writer writes: " + frame);
            }
        }
    }

    /** Netty cannot flush a channel whose registration has not finished. */
    private void whenRegistered(Runnable write) {
        ChannelFuture registration = registered;
        if (registration.isDone()) {
            write.run();
        } else {
            registration.addListener(future -> write.run());
        }
    }

    private static int headerBytes(int payload) {
        return payload < 126 ? 2 : payload <= 0xffff ? 4 : 10;
    }

    private static void putText(ByteBuffer out, byte[] payload) {
        out.put(TEXT);
        int length = payload.length;
        if (length < 126) {
            out.put((byte) length);
        } else if (length <= 0xffff) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
        out.put(payload);
    }

    // ---- the rest of the session

    @Override
    public String getId() {
        return id;
    }

    @Override
    public URI getUri() {
        return null;
    }

    @Override
    public HttpHeaders getHandshakeHeaders() {
        return HttpHeaders.EMPTY;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public Principal getPrincipal() {
        return null;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public String getAcceptedProtocol() {
        return null;
    }

    @Override
    public void setTextMessageSizeLimit(int messageSizeLimit) {
        textLimit = messageSizeLimit;
    }

    @Override
    public int getTextMessageSizeLimit() {
        return textLimit;
    }

    @Override
    public void setBinaryMessageSizeLimit(int messageSizeLimit) {
        binaryLimit = messageSizeLimit;
    }

    @Override
    public int getBinaryMessageSizeLimit() {
        return binaryLimit;
    }

    @Override
    public List<WebSocketExtension> getExtensions() {
        return List.of();
    }

    /** Text only, for callers outside Herald's queue; Herald writes through {@link #writer()}. */
    @Override
    public void sendMessage(WebSocketMessage<?> message) {
        if (!(message instanceof TextMessage text)) {
            throw new UnsupportedOperationException("only text messages are sent this way");
        }
        whenRegistered(() -> channel.writeAndFlush(new TextWebSocketFrame(text.getPayload())));
    }

    @Override
    public boolean isOpen() {
        return channel.isActive() && !closeSent.get();
    }

    @Override
    public String toString() {
        return "NettySession[" + id + "]";
    }
}

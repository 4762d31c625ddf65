package dev.herald.transport.netty;

import dev.herald.transport.DirectUpgrades;
import dev.herald.transport.WebSocketKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The first handler of a socket the container has just accepted: it reads the request head, answers a plain
 * client upgrade itself and turns the channel into a WebSocket ({@link NettySockets#serve}), and gives anything
 * else back to the container with what it read. It decides as early as it can: a request whose first bytes are
 * not {@code GET <path>} goes back at once, without waiting for its head.
 */
final class FrontDoor extends ChannelInboundHandlerAdapter {

    /** Tomcat's default limit of a request head: a longer one is not an upgrade this takes. */
    private static final int MAX_HEAD = 8192;

    private final NettySockets sockets;
    private final DirectUpgrades upgrades;
    private final byte[] start;
    private final long decideWithinMillis;
    private final Consumer<ByteBuffer> elsewhere;
    private final Runnable closed;
    private final Executor handlers;

    private byte[] read = new byte[512];
    private int length;
    private boolean decided;
    private ScheduledFuture<?> deadline;

    FrontDoor(
            NettySockets sockets,
            DirectUpgrades upgrades,
            long decideWithinMillis,
            Executor handlers,
            Consumer<ByteBuffer> elsewhere,
            Runnable closed) {
        this.sockets = sockets;
        this.upgrades = upgrades;
        this.start = ("GET " + upgrades.path()).getBytes(StandardCharsets.ISO_8859_1);
        this.decideWithinMillis = decideWithinMillis;
        this.handlers = handlers;
        this.elsewhere = elsewhere;
        this.closed = closed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> giveBack(ctx), decideWithinMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            append(bytes);
        } finally {
            bytes.release();
        }
        if (decided) {
            // read as the channel stopped reading: it goes back with the rest
            return;
        }
        if (!startsAsExpected()) {
            giveBack(ctx);
            return;
        }
        int end = headEnd();
        if (end < 0) {
            if (length > MAX_HEAD) {
                giveBack(ctx);
            }
            return;
        }
        UpgradeRequest request = UpgradeRequest.parse(read, end);
        DirectUpgrades.Answer answer = request != null && request.isPlainUpgradeOf(upgrades.path())
                ? upgrades.accept(
                        request.rawQuery(),
                        request.first("origin"),
                        "http://" + request.single("host"),
                        sockets.remoteAddress(ctx.channel()),
                        request.first("user-agent"),
                        true)
                : null;
        if (answer == null) {
            giveBack(ctx);
            return;
        }
        decided = true;
        deadline.cancel(false);
        if (answer instanceof DirectUpgrades.Refused refused) {
            read = null;
            sockets.refusing();
            ctx.channel().closeFuture().addListener(done -> closed.run());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(refusal(refused))).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ByteBuf unread = end + 4 < length ? Unpooled.copiedBuffer(read, end + 4, length - end - 4) : null;
        read = null;
        sockets.answering();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(switching(request.single("sec-websocket-key"))));
        sockets.serve(ctx, (DirectUpgrades.Accepted) answer, handlers, unread, closed);
    }

    private void append(ByteBuf bytes) {
        int n = bytes.readableBytes();
        if (length + n > read.length) {
            read = Arrays.copyOf(read, Math.max(read.length * 2, length + n));
        }
        bytes.readBytes(read, length, n);
        length += n;
    }

    private boolean startsAsExpected() {
        for (int i = 0; i < Math.min(length, start.length); i++) {
            if (read[i] != start[i]) {
                return false;
            }
        }
        return length <= start.length || read[start.length] == '?' || read[start.length] == ' ';
    }

    /** Where the head's blank line starts, or -1 before it came. */
    private int headEnd() {
        for (int i = Math.max(0, start.length - 1); i + 3 < length; i++) {
            if (read[i] == '\r' && read[i + 1] == '\n' && read[i + 2] == '\r' && read[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Hands the socket back to the container with every byte read so far: it stops reading, leaves the event
     * loop and is the container's from then on, open.
     */
    private void giveBack(ChannelHandlerContext ctx) {
        if (decided) {
            return;
        }
        decided = true;
        deadline.cancel(false);
        ctx.channel().config().setAutoRead(false);
        ctx.channel().deregister().addListener(done -> {
            ByteBuffer bytes = ByteBuffer.wrap(read, 0, length);
            read = null;
            elsewhere.accept(bytes);
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // the peer left before a decision
        if (!decided) {
            decided = true;
            deadline.cancel(false);
            closed.run();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** A refusal as the servlet's way answers it, and the connection closed after it (nothing more is read). */
    private static byte[] refusal(DirectUpgrades.Refused refused) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(refused.status());
        String head = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + (refused.retryAfter() > 0 ? "Retry-After: " + refused.retryAfter() + "\r\n" : "")
                + "Content-Type: application/problem+json\r\nContent-Length: " + refused.problem().length
                + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] answer = Arrays.copyOf(headBytes, headBytes.length + refused.problem().length);
        System.arraycopy(refused.problem(), 0, answer, headBytes.length, refused.problem().length);
        return answer;
    }

    private static byte[] switching(String key) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + WebSocketKeys.accept(key) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}

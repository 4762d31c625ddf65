package dev.herald.transport.netty;

import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A Netty channel over a socket the container handed over, which lets its session write the socket itself
 * ({@link NettySession#write}) when nothing of Netty's waits to be written.
 */
final class AdoptedChannel extends NioSocketChannel {

    AdoptedChannel(SocketChannel socket) {
        super(socket);
    }

    SocketChannel socket() {
        return javaChannel();
    }

    /** Nothing written through the pipeline waits for the socket: a write of the socket's own goes next. */
    boolean nothingPending() {
        var buffer = unsafe().outboundBuffer();
        return buffer != null && buffer.isEmpty() && buffer.totalPendingWriteBytes() == 0;
    }
}

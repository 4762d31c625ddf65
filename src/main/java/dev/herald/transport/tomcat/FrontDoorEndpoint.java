package dev.herald.transport.tomcat;

import dev.herald.transport.AdoptedSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketEvent;

/**
 * Tomcat's NIO endpoint, which shows each socket it accepts to the event loops' front door
 * ({@link AdoptedSockets#admit}) before its own poller: a client upgrade is answered and served there with no
 * Tomcat code on its way; every other request comes back with the bytes read from it and is served by Tomcat
 * as if it had read them itself. Tomcat still binds, accepts and counts every connection toward its limit.
 * Sockets of TLS and Unix-domain connectors, and all sockets until the application runs, stay Tomcat's.
 */
final class FrontDoorEndpoint extends NioEndpoint {

    private volatile Supplier<AdoptedSockets> source;
    private volatile AdoptedSockets frontDoor;

    void frontDoor(Supplier<AdoptedSockets> source) {
        this.source = source;
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        AdoptedSockets door = frontDoor();
        if (door == null || isSSLEnabled() || getUnixDomainSocketPath() != null) {
            return super.setSocketOptions(socket);
        }
        door.admit(
                socket,
                getConnectionTimeout(),
                getExecutor(),
                read -> giveBack(socket, read),
                this::countDownConnection);
        return true;
    }

    /**
     * Tomcat takes a socket the front door gave back, as {@code setSocketOptions} takes an accepted one, except
     * that the bytes already read are put in the socket's read buffer before the poller may see the socket: the
     * rest of a request arriving meanwhile must not be read ahead of them. Then the request is processed, as the
     * poller would when the bytes arrived.
     */
    private void giveBack(SocketChannel socket, ByteBuffer read) {
        NioSocketWrapper wrapper;
        try {
            SocketBufferHandler buffers = new SocketBufferHandler(
                    Math.max(socketProperties.getAppReadBufSize(), read.remaining()),
                    socketProperties.getAppWriteBufSize(),
                    socketProperties.getDirectBuffer());
            NioChannel channel = createChannel(buffers);
            wrapper = new NioSocketWrapper(channel, this);
            channel.reset(socket, wrapper);
            connections.put(socket, wrapper);
            socketProperties.setProperties(socket.socket());
            wrapper.setReadTimeout(getConnectionTimeout());
            wrapper.setWriteTimeout(getConnectionTimeout());
            wrapper.setKeepAliveLeft(getMaxKeepAliveRequests());
            if (read.hasRemaining()) {
                wrapper.unRead(read);
            }
        } catch (IOException | RuntimeException e) {
            connections.remove(socket);
            destroySocket(socket);
            return;
        }
        getPoller().register(wrapper);
        processSocket(wrapper, SocketEvent.OPEN_READ, true);
    }

    @Override
    protected NioChannel createChannel(SocketBufferHandler buffers) {
        return isSSLEnabled() ? super.createChannel(buffers) : new DrainingNioChannel(buffers);
    }

    private AdoptedSockets frontDoor() {
        AdoptedSockets door = frontDoor;
        if (door == null && source != null) {
            door = source.get();
            frontDoor = door;
        }
        return door;
    }
}

package dev.herald.transport.tomcat;

import dev.herald.transport.AdoptedSockets;
import dev.herald.transport.DirectUpgrades;
import jakarta.servlet.http.WebConnection;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http11.upgrade.UpgradeInfo;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * An upgrade whose socket Tomcat hands over to {@link AdoptedSockets} once it has answered 101. The handler says
 * it does its own I/O, so Tomcat never polls the socket again; its key in Tomcat's poller is cancelled, and
 * what Tomcat keeps of the connection (its wrapper, counted toward its connection limit) is released when the
 * new owner closes the socket.
 */
final class AdoptedUpgrade implements InternalHttpUpgradeHandler {

    private final NioEndpoint.NioSocketWrapper socket;
    private final DirectUpgrades.Accepted upgrade;
    private final AdoptedSockets sockets;
    private final Executor requestThreads;

    /** @param requestThreads the connector's, which run the handler's calls as they did on Tomcat's session */
    AdoptedUpgrade(
            NioEndpoint.NioSocketWrapper socket,
            DirectUpgrades.Accepted upgrade,
            AdoptedSockets sockets,
            Executor requestThreads) {
        this.socket = socket;
        this.upgrade = upgrade;
        this.sockets = sockets;
        this.requestThreads = requestThreads;
    }

    /** True when Tomcat's socket can be handed over: a plain (not TLS) socket of the NIO connector. */
    static boolean canAdopt(SocketWrapperBase<?> socket) {
        return socket instanceof NioEndpoint.NioSocketWrapper
                && socket.getSslSupport() == null
                && socket.getSocket() != null
                && (socket.getSocket() instanceof DrainingNioChannel
                        || socket.getSocket().getClass() == NioChannel.class);
    }

    @Override
    public void init(WebConnection connection) {
        NioChannel channel = socket.getSocket();
        sockets.adopt(channel.getIOChannel(), unread(), upgrade, requestThreads, this::release);
    }

    /** What Tomcat read past the upgrade request and gave back to the socket's read buffer. */
    private ByteBuffer unread() {
        SocketBufferHandler buffers = socket.getSocketBufferHandler();
        if (buffers == null || buffers.isReadBufferEmpty()) {
            return null;
        }
        buffers.configureReadBufferForRead();
        ByteBuffer read = buffers.getReadBuffer();
        return ByteBuffer.allocate(read.remaining()).put(read).flip();
    }

    /**
     * Tomcat forgets the connection: its processor, its place in the connection count. Under the wrapper's
     * lock, so that it waits for the end of the processing that handed the socket over.
     */
    private void release() {
        Lock lock = socket.getLock();
        lock.lock();
        try {
            socket.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasAsyncIO() {
        return true;
    }

    @Override
    public SocketState upgradeDispatch(SocketEvent status) {
        // Tomcat does not poll the socket any more; an event can only come from its shutdown
        return status == SocketEvent.STOP || status == SocketEvent.DISCONNECT || status == SocketEvent.ERROR
                ? SocketState.CLOSED
                : SocketState.ASYNC_IO;
    }

    @Override
    public void timeoutAsync(long now) {}

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {}

    @Override
    public void setSslSupport(SSLSupport sslSupport) {}

    @Override
    public void pause() {}

    @Override
    public void destroy() {}

    /** None: the connection is counted in Herald's metrics, not in Tomcat's upgrade statistics. */
    @Override
    public UpgradeInfo getUpgradeInfo() {
        return null;
    }
}

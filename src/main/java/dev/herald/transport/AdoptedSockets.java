package dev.herald.transport;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A transport that runs client WebSocket connections on event loops of its own ({@code transport.netty}): one
 * thread per core reads, decodes and writes every socket, where the container would have a poller hand each
 * frame to a request thread and that thread hand replies to a writer. It takes sockets two ways: straight from
 * the container's acceptor ({@link #admit}, a front door that answers plain upgrades itself), or after the
 * container answered an upgrade ({@link #adopt}). Present unless {@code herald.transport.event-loop} is off.
 */
public interface AdoptedSockets {

    /**
     * Takes over {@code socket}, a connected non-blocking socket whose upgrade was answered with 101, and opens
     * the session of {@code upgrade} on it. Returns once the handler has been told of the session.
     *
     * @param unread   bytes the container read past the upgrade request (frames the client sent at once);
     *                 null when there are none
     * @param handlers where the handler's calls run, in order per connection: they may block (a broker call),
     *                 so never on an event loop
     * @param released called once the socket is closed, so the container can forget it
     */
    /**
     * Takes a socket the container has just accepted, before it reads anything: a plain client upgrade of
     * {@link DirectUpgrades#path()} that {@link DirectUpgrades#accept} takes is answered and served here, with no
     * container code on its way; anything else (another path, a refusal to answer, forwarded headers, a request
     * not complete within {@code decideWithinMillis}) is given back to {@code elsewhere} with the bytes read from it,
     * on an event loop, for the container to serve as if it had read them itself.
     *
     * @param handlers where the handler's calls that may block run, in order per connection
     * @param closed   called once when a socket that was not given back has closed (a connection served here,
     *                 or a peer that left before its request was read)
     */
    void admit(
            SocketChannel socket,
            long decideWithinMillis,
            Executor handlers,
            Consumer<ByteBuffer> elsewhere,
            Runnable closed);

    void adopt(
            SocketChannel socket,
            ByteBuffer unread,
            DirectUpgrades.Accepted upgrade,
            Executor handlers,
            Runnable released);
}

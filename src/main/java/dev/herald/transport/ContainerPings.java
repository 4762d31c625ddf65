package dev.herald.transport;

import jakarta.websocket.Session;
import java.util.function.IntPredicate;

/**
 * Shows Herald the Pings a client sends on a container's session, which the container answers on its own (the
 * WebSocket API has no event for them), so that they count toward the client's message rate. Offered by
 * configuration that exists only on a container Herald has a way in for (see {@code dev.herald.transport.tomcat});
 * elsewhere Pings stay the container's. Sessions of Herald's own transport do this themselves
 * ({@link SocketSession#watchPings}).
 */
public interface ContainerPings {

    /** The way of containers Herald cannot see Pings on. */
    ContainerPings NONE = (session, answer) -> false;

    /**
     * Shows each inbound Ping's payload size to {@code answer} before it is answered: false leaves it unanswered.
     * Returns false when this session's Pings cannot be seen.
     */
    boolean watch(Session session, IntPredicate answer);
}

package dev.herald.transport;

import jakarta.websocket.Session;

/**
 * Makes each connection's {@link FrameWriter}: the one bean of this type is the writer Herald chose at start
 * ({@code herald.transport.writer}), see {@link TransportConfig}.
 */
public interface FrameWriters {

    /** A writer for an open Jakarta WebSocket session. */
    FrameWriter open(Session session);

    /** The writer's name as operators see it: {@code gathered} or {@code standard}. */
    String name();
}

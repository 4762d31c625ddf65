package dev.herald.transport;

import java.util.function.IntPredicate;

/**
 * A WebSocket session whose socket Herald's own transport runs ({@link AdoptedSockets}), not the container:
 * what the container's session offers through its internals, this one offers directly.
 */
public interface SocketSession {

    /** The session's frame writer (each session has one). */
    FrameWriter writer();

    /**
     * Where the session's outbound queue drains: the thread that writes its socket, so that a write is not
     * handed from a writer thread to it.
     */
    DrainLoop drains();

    /**
     * Shows each inbound Ping's payload size to {@code answer} before it is answered: false leaves it
     * unanswered. Called once, when the session opens.
     */
    void watchPings(IntPredicate answer);

    /** True when {@code reason} is the reason of a close the transport made on a frame that broke the protocol. */
    static boolean isFrameError(String reason) {
        return reason != null && reason.startsWith(FRAME_ERROR);
    }

    /** Starts the reason of every close the transport makes on a frame that broke the protocol. */
    String FRAME_ERROR = "frame error: ";
}

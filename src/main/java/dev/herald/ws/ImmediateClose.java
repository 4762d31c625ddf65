package dev.herald.ws;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Closes a WebSocket with a close frame and then the socket at once, without reading anything more from it.
 * A standard close waits for the peer's close frame and reads, frame by frame, whatever the peer is still
 * sending meanwhile: a peer in the middle of a 64 MiB frame would have every byte of it read and handed over
 * in parts before its close frame could come. On Tomcat this uses the session's own close that ends the
 * connection after sending the close frame; elsewhere it falls back to the standard close.
 */
public final class ImmediateClose {

    /**
     * {@code WsSession.doClose(CloseReason toPeer, CloseReason local, boolean closeSocket)}, public, or null. Called
     * reflectively (a close is rare), so that this class names no Tomcat type and runs on any container.
     */
    private static final Method TOMCAT_CLOSE;

    private static final Class<?> TOMCAT_SESSION;

    static {
        Method close = null;
        Class<?> session = null;
        try {
            session = Class.forName("org.apache.tomcat.websocket.WsSession");
            close = session.getMethod(
                    "doClose", jakarta.websocket.CloseReason.class, jakarta.websocket.CloseReason.class, boolean.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            close = null;
        }
        TOMCAT_CLOSE = close;
        TOMCAT_SESSION = session;
    }

    private ImmediateClose() {}

    /** Sends {@code status} to the peer, reports it to the handler as the close, and drops the connection. */
    public static void close(WebSocketSession session, CloseStatus status) {
        Object nativeSession = session instanceof NativeWebSocketSession wrapper
                ? wrapper.getNativeSession(jakarta.websocket.Session.class)
                : null;
        if (TOMCAT_CLOSE != null && TOMCAT_SESSION.isInstance(nativeSession)) {
            jakarta.websocket.CloseReason reason = new jakarta.websocket.CloseReason(
                    jakarta.websocket.CloseReason.CloseCodes.getCloseCode(status.getCode()), status.getReason());
            try {
                TOMCAT_CLOSE.invoke(nativeSession, reason, reason, true);
                return;
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                // Tomcat's close failed: fall back to the standard close below
            } catch (IllegalAccessException e) {
                // fall back to the standard close below
            }
        }
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            // the peer is gone already
        }
    }
}

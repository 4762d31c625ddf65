package dev.herald.ws;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * Sends frames without blocking: text frames whose UTF-8 bytes are already made, and Pings.
 *
 * <p>The WebSocket API only sends text from a String, which Tomcat re-encodes at every send, char by
 * char: a third of the CPU of a fan-out in profiles. And it has no asynchronous Ping: Tomcat's waits for
 * the socket, which could hold a thread per peer that stopped reading. On Tomcat both go to the endpoint's
 * own start-of-message call, the one its binary send makes, with the text or Ping opcode; Herald's writer
 * keeps one frame in flight per connection, which is what Tomcat's state machine would otherwise guard.
 * Any other container gets the String send, and Pings on a thread that may wait.
 */
abstract class FrameSender {

    private static final byte OPCODE_TEXT = 0x01;
    private static final byte OPCODE_PING = 0x09;
    private static final MethodHandle TOMCAT_BASE;
    private static final MethodHandle TOMCAT_START_MESSAGE;

    static {
        MethodHandle base = null;
        MethodHandle startMessage = null;
        try {
            Class<?> remoteBase = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointBase");
            Class<?> implBase = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase");
            base = MethodHandles.privateLookupIn(remoteBase, MethodHandles.lookup())
                    .findGetter(remoteBase, "base", implBase);
            startMessage = MethodHandles.privateLookupIn(implBase, MethodHandles.lookup())
                    .findVirtual(implBase, "startMessage",
                            MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class,
                                    SendHandler.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            base = null;
            startMessage = null;
        }
        TOMCAT_BASE = base;
        TOMCAT_START_MESSAGE = startMessage;
    }

    /** Sends one complete text frame; {@code handler} hears when it is written. */
    abstract void send(byte[] utf8, SendHandler handler);

    /** Sends an empty Ping frame; {@code handler} hears when it is written. */
    abstract void sendPing(SendHandler handler);

    /** @param blockingSends where the standard Ping send may wait */
    static FrameSender of(Session session, Executor blockingSends) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        if (TOMCAT_START_MESSAGE != null && TOMCAT_BASE.type().parameterType(0).isInstance(remote)) {
            try {
                return new Tomcat(TOMCAT_BASE.invoke(remote));
            } catch (Throwable e) {
                // not the endpoint this Tomcat version was checked against: use the standard send
            }
        }
        return new Standard(session, blockingSends);
    }

    /** True when Tomcat takes pre-encoded text frames and Pings without blocking (its internals were found). */
    static boolean tomcatFastPathAvailable() {
        return TOMCAT_START_MESSAGE != null;
    }

    private static final class Tomcat extends FrameSender {
        private final Object endpoint;

        Tomcat(Object endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        void send(byte[] utf8, SendHandler handler) {
            // a buffer of its own per send: the container moves its position while writing
            start(OPCODE_TEXT, ByteBuffer.wrap(utf8), handler);
        }

        @Override
        void sendPing(SendHandler handler) {
            start(OPCODE_PING, ByteBuffer.allocate(0), handler);
        }

        private void start(byte opcode, ByteBuffer payload, SendHandler handler) {
            try {
                TOMCAT_START_MESSAGE.invoke(endpoint, opcode, payload, true, handler);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Standard extends FrameSender {
        private final Session session;
        private final Executor blockingSends;

        Standard(Session session, Executor blockingSends) {
            this.session = session;
            this.blockingSends = blockingSends;
        }

        @Override
        void send(byte[] utf8, SendHandler handler) {
            session.getAsyncRemote().sendText(new String(utf8, StandardCharsets.UTF_8), handler);
        }

        @Override
        void sendPing(SendHandler handler) {
            blockingSends.execute(() -> {
                try {
                    session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
                    handler.onResult(new SendResult(session));
                } catch (IOException | RuntimeException e) {
                    handler.onResult(new SendResult(session, e));
                }
            });
        }
    }
}

package dev.herald.ws;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Sends a text frame whose UTF-8 bytes are already made, so that a message encoded once at publish is
 * not encoded again for every subscriber. The WebSocket API only sends text from a String, which Tomcat
 * re-encodes at every send, char by char: a third of the CPU of a fan-out in profiles. On Tomcat the
 * bytes go to the endpoint's own start-of-message call, the one its binary send makes, with the text
 * opcode; Herald's writer already keeps one frame in flight per connection, which is what Tomcat's state
 * machine would otherwise guard. Any other container gets the String send.
 */
abstract class TextFrameSender {

    private static final byte OPCODE_TEXT = 0x01;
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

    static TextFrameSender of(RemoteEndpoint.Async remote) {
        if (TOMCAT_BASE != null && TOMCAT_BASE.type().parameterType(0).isInstance(remote)) {
            try {
                return new Tomcat(TOMCAT_BASE.invoke(remote));
            } catch (Throwable e) {
                // not the endpoint this Tomcat version was checked against: use the standard send
            }
        }
        return new Standard(remote);
    }

    /** True when the running container gets pre-encoded frames. */
    static boolean preEncodedOnTomcat() {
        return TOMCAT_START_MESSAGE != null;
    }

    private static final class Tomcat extends TextFrameSender {
        private final Object endpoint;

        Tomcat(Object endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        void send(byte[] utf8, SendHandler handler) {
            try {
                // a buffer of its own per send: the container moves its position while writing
                TOMCAT_START_MESSAGE.invoke(endpoint, OPCODE_TEXT, ByteBuffer.wrap(utf8), true, handler);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Standard extends TextFrameSender {
        private final RemoteEndpoint.Async remote;

        Standard(RemoteEndpoint.Async remote) {
            this.remote = remote;
        }

        @Override
        void send(byte[] utf8, SendHandler handler) {
            remote.sendText(new String(utf8, StandardCharsets.UTF_8), handler);
        }
    }
}

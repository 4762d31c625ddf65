package dev.herald.transport.tomcat;

import dev.herald.transport.ContainerPings;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.function.IntPredicate;

/**
 * Shows Herald the Ping frames a client sends, so that they count toward its message rate. The WebSocket API
 * has no event for an inbound Ping: the container answers it with a Pong on its own, and a client could send
 * Pings without limit (957,600 in 10 s were all answered). Tomcat answers through the session's basic remote
 * endpoint, so on Tomcat that endpoint is wrapped: each Ping reaches the watcher first, which decides
 * whether it is answered.
 */
final class InboundPings implements ContainerPings {

    /** {@code WsSession.remoteEndpointBasic}, the endpoint Tomcat's frame reader answers Pings through. */
    private static final Field TOMCAT_BASIC_REMOTE = tomcatBasicRemote();

    @Override
    public boolean watch(Session session, IntPredicate answer) {
        if (TOMCAT_BASIC_REMOTE == null
                || !TOMCAT_BASIC_REMOTE.getDeclaringClass().isInstance(session)) {
            return false;
        }
        try {
            RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) TOMCAT_BASIC_REMOTE.get(session);
            TOMCAT_BASIC_REMOTE.set(session, new Watched(basic, answer));
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    private static Field tomcatBasicRemote() {
        try {
            Field field =
                    Class.forName("org.apache.tomcat.websocket.WsSession").getDeclaredField("remoteEndpointBasic");
            field.setAccessible(true);
            return field.getType() == RemoteEndpoint.Basic.class ? field : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The container's endpoint, unchanged except that a Pong answering a Ping asks the watcher first. */
    private record Watched(RemoteEndpoint.Basic basic, IntPredicate answer) implements RemoteEndpoint.Basic {

        @Override
        public void sendPong(ByteBuffer applicationData) throws IOException {
            if (answer.test(applicationData.remaining())) {
                basic.sendPong(applicationData);
            }
        }

        @Override
        public void sendPing(ByteBuffer applicationData) throws IOException {
            basic.sendPing(applicationData);
        }

        @Override
        public void sendText(String text) throws IOException {
            basic.sendText(text);
        }

        @Override
        public void sendBinary(ByteBuffer data) throws IOException {
            basic.sendBinary(data);
        }

        @Override
        public void sendText(String partialMessage, boolean isLast) throws IOException {
            basic.sendText(partialMessage, isLast);
        }

        @Override
        public void sendBinary(ByteBuffer partialByte, boolean isLast) throws IOException {
            basic.sendBinary(partialByte, isLast);
        }

        @Override
        public OutputStream getSendStream() throws IOException {
            return basic.getSendStream();
        }

        @Override
        public Writer getSendWriter() throws IOException {
            return basic.getSendWriter();
        }

        @Override
        public void sendObject(Object data) throws IOException, EncodeException {
            basic.sendObject(data);
        }

        @Override
        public void setBatchingAllowed(boolean allowed) throws IOException {
            basic.setBatchingAllowed(allowed);
        }

        @Override
        public boolean getBatchingAllowed() {
            return basic.getBatchingAllowed();
        }

        @Override
        public void flushBatch() throws IOException {
            basic.flushBatch();
        }
    }
}

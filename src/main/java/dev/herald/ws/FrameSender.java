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
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends frames without blocking: text frames whose UTF-8 bytes are already made, and Pings, several at a
 * time where the container allows it.
 *
 * <p>The WebSocket API sends one message per call and makes one socket write and one thread hand-off per
 * message: in profiles of a fan-out, the write system calls were most of the CPU. It only sends text from a
 * String, which Tomcat re-encodes at every send, and it has no asynchronous Ping. On Tomcat, Herald
 * therefore writes whole frames (a header of its own before the shared UTF-8 bytes) to the connection's
 * socket in one gathering write per batch, while holding the endpoint's own one-message-at-a-time permit,
 * the one its Pongs and close frames wait for, so nothing interleaves. A write that finishes at once
 * completes on the writing thread, which goes on with the next batch. Any other container gets the
 * standard String send, one frame at a time, and Pings on a thread that may wait.
 */
abstract class FrameSender {

    /** A frame is a reply's or message's UTF-8 {@code byte[]}, or {@link OutboundQueue#PING}. */
    abstract void send(Object[] frames, int count, SendHandler handler);

    /** How many frames one {@link #send} takes. */
    abstract int batchLimit();

    /** @param blockingSends where the standard Ping send may wait */
    static FrameSender of(Session session, Executor blockingSends) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        if (TomcatEndpoint.AVAILABLE && session.getNegotiatedExtensions().isEmpty()
                && TomcatEndpoint.REMOTE_BASE.isInstance(remote)) {
            try {
                return new Tomcat(session, TomcatEndpoint.BASE.invoke(remote));
            } catch (Throwable e) {
                // not the endpoint this Tomcat version was checked against: use the standard send
            }
        }
        return new Standard(session, blockingSends);
    }

    /** True when Tomcat's endpoint internals were found: frames are gathered into one write per batch. */
    static boolean tomcatFastPathAvailable() {
        return TomcatEndpoint.AVAILABLE;
    }

    /** Writes an unmasked server frame header with FIN set; returns its length (2, 4 or 10 bytes). */
    static int header(byte[] into, int at, int opcode, int payloadLength) {
        into[at] = (byte) (0x80 | opcode);
        if (payloadLength < 126) {
            into[at + 1] = (byte) payloadLength;
            return 2;
        }
        if (payloadLength < 65536) {
            into[at + 1] = 126;
            into[at + 2] = (byte) (payloadLength >>> 8);
            into[at + 3] = (byte) payloadLength;
            return 4;
        }
        into[at + 1] = 127;
        for (int i = 0; i < 8; i++) {
            into[at + 2 + i] = (byte) ((long) payloadLength >>> (56 - 8 * i));
        }
        return 10;
    }

    /** Tomcat's endpoint internals Herald uses, looked up once. */
    private static final class TomcatEndpoint {
        static final boolean AVAILABLE;
        static final Class<?> REMOTE_BASE;
        static final MethodHandle BASE;
        static final MethodHandle PERMIT;
        static final MethodHandle CLOSED;
        static final MethodHandle SOCKET;
        static final MethodHandle WRITE;
        static final MethodHandle END_MESSAGE;
        static final MethodHandle START_MESSAGE;
        /** {@code SocketWrapperBase.BlockingMode.SEMI_BLOCK}: waits for the write permit, never for the peer. */
        static final Object SEMI_BLOCK;
        /** {@code SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION}: completes once every byte is written. */
        static final Object COMPLETE_WRITE;

        static {
            Class<?> remoteBase = null;
            MethodHandle base = null;
            MethodHandle permit = null;
            MethodHandle closed = null;
            MethodHandle socket = null;
            MethodHandle write = null;
            MethodHandle endMessage = null;
            MethodHandle startMessage = null;
            Object semiBlock = null;
            Object completeWrite = null;
            try {
                remoteBase = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointBase");
                Class<?> impl = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase");
                Class<?> server = Class.forName("org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer");
                Class<?> wrapper = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase");
                Class<?> blockingMode = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase$BlockingMode");
                Class<?> check = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase$CompletionCheck");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
                base = MethodHandles.privateLookupIn(remoteBase, MethodHandles.lookup())
                        .findGetter(remoteBase, "base", impl);
                permit = lookup.findGetter(impl, "messagePartInProgress", Semaphore.class);
                closed = lookup.findGetter(impl, "closed", boolean.class);
                endMessage = lookup.findVirtual(impl, "endMessage",
                        MethodType.methodType(void.class, SendHandler.class, SendResult.class));
                startMessage = lookup.findVirtual(impl, "startMessage",
                        MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class,
                                SendHandler.class));
                socket = MethodHandles.privateLookupIn(server, MethodHandles.lookup())
                        .findGetter(server, "socketWrapper", wrapper);
                write = MethodHandles.publicLookup().findVirtual(wrapper, "write",
                        MethodType.methodType(Class.forName("org.apache.tomcat.util.net.SocketWrapperBase$CompletionState"),
                                blockingMode, long.class, TimeUnit.class, Object.class, check,
                                CompletionHandler.class, ByteBuffer[].class));
                semiBlock = blockingMode.getField("SEMI_BLOCK").get(null);
                completeWrite = wrapper.getField("COMPLETE_WRITE_WITH_COMPLETION").get(null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                base = null;
            }
            AVAILABLE = base != null;
            REMOTE_BASE = remoteBase;
            BASE = base;
            PERMIT = permit;
            SOCKET = socket;
            // the hot calls are invokeExact on handles adapted once to Herald's call sites, with no type
            // conversion left to check at every call
            CLOSED = AVAILABLE ? closed.asType(MethodType.methodType(boolean.class, Object.class)) : null;
            WRITE = AVAILABLE ? write.asType(MethodType.methodType(Object.class, Object.class, Object.class,
                    long.class, TimeUnit.class, Object.class, Object.class, CompletionHandler.class,
                    ByteBuffer[].class)) : null;
            END_MESSAGE = AVAILABLE ? endMessage.asType(MethodType.methodType(void.class, Object.class,
                    SendHandler.class, SendResult.class)) : null;
            START_MESSAGE = AVAILABLE ? startMessage.asType(MethodType.methodType(void.class, Object.class,
                    byte.class, ByteBuffer.class, boolean.class, SendHandler.class)) : null;
            SEMI_BLOCK = semiBlock;
            COMPLETE_WRITE = completeWrite;
        }
    }

    private static final class Tomcat extends FrameSender {
        private static final int OPCODE_TEXT = 0x1;
        private static final int OPCODE_PING = 0x9;
        private static final int BATCH_LIMIT = 64;
        private static final int MAX_HEADER = 10;
        /** A Ping's payload; never written to, so its position never moves and it can be shared. */
        private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
        private final Session session;
        private final Object endpoint;
        private final Semaphore permit;
        private final Object socket;

        Tomcat(Session session, Object endpoint) throws Throwable {
            this.session = session;
            this.endpoint = endpoint;
            this.permit = (Semaphore) TomcatEndpoint.PERMIT.invoke(endpoint);
            this.socket = TomcatEndpoint.SOCKET.invoke(endpoint);
        }

        @Override
        int batchLimit() {
            return BATCH_LIMIT;
        }

        @Override
        void send(Object[] frames, int count, SendHandler handler) {
            if (!permit.tryAcquire()) {
                // Tomcat is writing a Pong or a close frame: queue behind it, one frame at a time
                startEach(frames, count, 0, handler);
                return;
            }
            Written written = new Written(handler);
            try {
                if ((boolean) TomcatEndpoint.CLOSED.invokeExact(endpoint)) {
                    throw new IllegalStateException("the WebSocket session is closed");
                }
                byte[] headers = new byte[count * MAX_HEADER];
                ByteBuffer[] buffers = new ByteBuffer[count * 2];
                int used = 0;
                for (int i = 0; i < count; i++) {
                    byte[] payload = frames[i] == OutboundQueue.PING ? null : (byte[]) frames[i];
                    int length = header(headers, used, payload == null ? OPCODE_PING : OPCODE_TEXT,
                            payload == null ? 0 : payload.length);
                    buffers[2 * i] = ByteBuffer.wrap(headers, used, length);
                    buffers[2 * i + 1] = payload == null ? EMPTY : ByteBuffer.wrap(payload);
                    used += length;
                }
                Object ignored = (Object) TomcatEndpoint.WRITE.invokeExact(socket, TomcatEndpoint.SEMI_BLOCK, -1L,
                        TimeUnit.MILLISECONDS, (Object) null, TomcatEndpoint.COMPLETE_WRITE,
                        (CompletionHandler) written, buffers);
            } catch (Throwable e) {
                written.release();
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }

        /**
         * One gathering write's completion, which gives the permit back exactly once. The socket calls it on
         * the writing thread when the write finished at once, so the writer goes on without a thread hand-off.
         */
        private final class Written implements CompletionHandler<Long, Object> {
            private final SendHandler handler;
            private final AtomicBoolean released = new AtomicBoolean();

            Written(SendHandler handler) {
                this.handler = handler;
            }

            @Override
            public void completed(Long bytes, Object attachment) {
                release();
                handler.onResult(new SendResult(session));
            }

            @Override
            public void failed(Throwable cause, Object attachment) {
                release();
                handler.onResult(new SendResult(session, cause));
            }

            /** The way Tomcat gives it back: a Pong or close frame queued meanwhile is written first. */
            void release() {
                if (!released.compareAndSet(false, true)) {
                    return;
                }
                try {
                    TomcatEndpoint.END_MESSAGE.invokeExact(endpoint, (SendHandler) null, (SendResult) null);
                } catch (Throwable e) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
            }
        }

        private void startEach(Object[] frames, int count, int index, SendHandler handler) {
            Object frame = frames[index];
            SendHandler next = index == count - 1 ? handler : result -> {
                if (result.isOK()) {
                    startEach(frames, count, index + 1, handler);
                } else {
                    handler.onResult(result);
                }
            };
            try {
                TomcatEndpoint.START_MESSAGE.invoke(endpoint,
                        (byte) (frame == OutboundQueue.PING ? OPCODE_PING : OPCODE_TEXT),
                        frame == OutboundQueue.PING ? ByteBuffer.allocate(0) : ByteBuffer.wrap((byte[]) frame),
                        true, next);
            } catch (Throwable e) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
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
        int batchLimit() {
            return 1;
        }

        @Override
        void send(Object[] frames, int count, SendHandler handler) {
            if (frames[0] != OutboundQueue.PING) {
                session.getAsyncRemote().sendText(new String((byte[]) frames[0], StandardCharsets.UTF_8), handler);
                return;
            }
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

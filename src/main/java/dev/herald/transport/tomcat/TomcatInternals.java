package dev.herald.transport.tomcat;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.WsRemoteEndpointBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;

/**
 * The non-public parts of Tomcat's WebSocket endpoint that the gathered writer uses, looked up once. Fields are
 * read through var handles; the two package-private methods are bound to Herald's interfaces by the lambda
 * metafactory, so a call costs what a direct call does and declares no {@code Throwable}.
 */
final class TomcatInternals {

    /** {@code WsRemoteEndpointImplBase.endMessage}: gives the message permit back, writing a queued Pong first. */
    public interface EndMessage {
        void end(WsRemoteEndpointImplBase endpoint, SendHandler handler, SendResult result);
    }

    /** {@code WsRemoteEndpointImplBase.startMessage}: sends one frame, queued behind a message in progress. */
    public interface StartMessage {
        void start(
                WsRemoteEndpointImplBase endpoint, byte opcode, ByteBuffer payload, boolean last, SendHandler handler);
    }

    /** Why the internals were not found, or null when they were. */
    static final String UNAVAILABLE;
    /** {@code WsRemoteEndpointBase.base}: the endpoint behind a session's async remote. */
    static final VarHandle BASE;
    /** {@code WsRemoteEndpointImplBase.messagePartInProgress}: the one-message-at-a-time permit. */
    static final VarHandle PERMIT;
    /** {@code WsRemoteEndpointImplBase.closed}. */
    static final VarHandle CLOSED;
    /** {@code WsRemoteEndpointImplServer.socketWrapper}. */
    static final VarHandle SOCKET;

    static final EndMessage END_MESSAGE;
    static final StartMessage START_MESSAGE;

    static {
        VarHandle base = null;
        VarHandle permit = null;
        VarHandle closed = null;
        VarHandle socket = null;
        EndMessage endMessage = null;
        StartMessage startMessage = null;
        String unavailable = null;
        try {
            MethodHandles.Lookup impl =
                    MethodHandles.privateLookupIn(WsRemoteEndpointImplBase.class, MethodHandles.lookup());
            base = MethodHandles.privateLookupIn(WsRemoteEndpointBase.class, MethodHandles.lookup())
                    .findVarHandle(WsRemoteEndpointBase.class, "base", WsRemoteEndpointImplBase.class);
            permit = impl.findVarHandle(WsRemoteEndpointImplBase.class, "messagePartInProgress", Semaphore.class);
            closed = impl.findVarHandle(WsRemoteEndpointImplBase.class, "closed", boolean.class);
            socket = MethodHandles.privateLookupIn(WsRemoteEndpointImplServer.class, MethodHandles.lookup())
                    .findVarHandle(WsRemoteEndpointImplServer.class, "socketWrapper", SocketWrapperBase.class);
            endMessage = bind(
                    impl,
                    EndMessage.class,
                    "end",
                    impl.findVirtual(
                            WsRemoteEndpointImplBase.class,
                            "endMessage",
                            MethodType.methodType(void.class, SendHandler.class, SendResult.class)));
            startMessage = bind(
                    impl,
                    StartMessage.class,
                    "start",
                    impl.findVirtual(
                            WsRemoteEndpointImplBase.class,
                            "startMessage",
                            MethodType.methodType(
                                    void.class, byte.class, ByteBuffer.class, boolean.class, SendHandler.class)));
        } catch (ReflectiveOperationException | LambdaConversionException | RuntimeException e) {
            // another Tomcat version than the one these were checked against
            unavailable = e.toString();
        }
        UNAVAILABLE = unavailable;
        BASE = base;
        PERMIT = permit;
        CLOSED = closed;
        SOCKET = socket;
        END_MESSAGE = endMessage;
        START_MESSAGE = startMessage;
    }

    private TomcatInternals() {}

    /**
     * An instance of {@code type} whose one method calls {@code method}. The metafactory's call site is invoked
     * once, through a {@link Supplier} proxy, to take the instance out of it.
     */
    @SuppressWarnings("unchecked")
    private static <T> T bind(MethodHandles.Lookup lookup, Class<T> type, String name, MethodHandle method)
            throws LambdaConversionException {
        MethodHandle factory = LambdaMetafactory.metafactory(
                        lookup, name, MethodType.methodType(type), method.type(), method, method.type())
                .getTarget();
        return (T)
                MethodHandleProxies.asInterfaceInstance(Supplier.class, factory).get();
    }
}

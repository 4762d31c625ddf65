package dev.herald.transport;

/**
 * A container's own frame writer, offered by configuration that exists only on that container (see
 * {@code dev.herald.transport.tomcat}). {@link TransportConfig} picks it with {@code herald.transport.writer=auto}.
 */
public interface ContainerFrameWriters {

    /** Why the container's writer cannot run in this JVM, or null when it can. */
    String unavailableReason();

    /**
     * The container's writers; a connection they cannot write to gets one of {@code standard}'s, and the
     * fallback is reported to {@link TransportFallbacks}.
     */
    FrameWriters writers(FrameWriters standard);
}

/**
 * How frames reach a WebSocket: each connection's bounded {@link dev.herald.transport.OutboundQueue} of typed
 * {@link dev.herald.transport.OutboundFrame}s, the {@link dev.herald.transport.DrainLoop} that empties the queues
 * on the writer threads, and the {@link dev.herald.transport.FrameWriter} chosen once at start: the container's
 * own gathered writer (Tomcat, in the internal {@code transport.tomcat}) or the standard Jakarta WebSocket send.
 * And who runs client sockets: by default Netty's event loops ({@link dev.herald.transport.AdoptedSockets}, in the
 * internal {@code transport.netty}), whose sessions ({@link dev.herald.transport.SocketSession}) write their own
 * frames, else the container's WebSocket session. Nothing here knows the protocol's frames.
 */
package dev.herald.transport;

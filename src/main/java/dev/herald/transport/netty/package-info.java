/**
 * The event-loop transport of client WebSockets ({@code herald.transport.event-loop}): once the container has
 * answered an upgrade, Netty's event loops run the connection's socket, with Netty's WebSocket frame codec,
 * and Herald's handler is called as on the container's session. Internal to {@code transport}: only its
 * configuration connects it.
 */
package dev.herald.transport.netty;

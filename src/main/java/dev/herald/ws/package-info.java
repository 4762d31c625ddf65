/**
 * The WebSocket protocol of {@code /v1/ws}: the handshake (token, origin), the client's frames (subscribe,
 * unsubscribe, publish, ping and the rest of docs/protocol.md) and Herald's answers, each connection's state
 * and subscriptions, keepalive (Pings, Pong timeouts, token expiry), close codes, the registry of open
 * connections the admin API reads, and the graceful close of them all at shutdown. How frames reach the socket
 * is {@code transport}'s job.
 */
package dev.herald.ws;

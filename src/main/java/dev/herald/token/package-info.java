/**
 * Connection tokens: HS256 JWTs issued by {@code POST /v1/api/createtoken} and verified at the WebSocket
 * handshake into a {@link dev.herald.token.ConnectionGrant} (user, expiry, subscribe and publish patterns).
 */
package dev.herald.token;

package dev.herald.admin;

/**
 * A live node as {@code GET /v1/api/nodes} shows it.
 *
 * @param node        the node's id ({@code herald.node.id}), as in welcome frames and {@code Conn.node}
 * @param connections its open WebSocket connections
 * @param startedAt   when it started, epoch ms
 * @param lastSeen    its latest heartbeat, epoch ms
 */
public record NodeView(String node, int connections, long startedAt, long lastSeen) {}

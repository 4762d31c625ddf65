package dev.herald.ws;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.herald.NodeProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/** The open connections of this node, for the admin API, keepalive and shutdown. */
@Component
public class ConnectionRegistry {

    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final ConnectionCloser closer;
    private final String node;

    ConnectionRegistry(ConnectionCloser closer, NodeProperties node) {
        this.closer = closer;
        this.node = node.id();
    }

    void add(Connection connection) {
        connections.put(connection.id, connection);
    }

    boolean remove(Connection connection) {
        return connections.remove(connection.id, connection);
    }

    Collection<Connection> all() {
        return connections.values();
    }

    public int size() {
        return connections.size();
    }

    /** Connections of a user and/or with a subscription to a channel; a null filter matches all. */
    public List<ConnectionView> list(String user, String channel) {
        return connections.values().stream()
                .filter(c -> user == null || user.equals(c.grant.user()))
                .filter(c -> channel == null || c.subscriptions.containsKey(channel))
                .sorted(Comparator.comparingLong((Connection c) -> c.connectedAt).thenComparing(c -> c.id))
                .map(c -> c.view(node, false))
                .toList();
    }

    public Optional<ConnectionView> find(String id) {
        return Optional.ofNullable(connections.get(id)).map(c -> c.view(node, true));
    }

    /** Closes a connection with the given code and reason; false when there is no such connection. */
    public boolean close(String id, int code, String reason) {
        Connection connection = connections.get(id);
        if (connection == null) {
            return false;
        }
        closer.close(connection, new CloseStatus(code, reason), CloseReason.ADMIN.tag);
        return true;
    }
}

package dev.herald.ws;

import dev.herald.NodeProperties;
import dev.herald.metrics.HeraldMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open connections of this node, for the admin API, keepalive and shutdown: clients' {@code /v1/ws}
 * connections, and devices' ingest streams, which operators see and close beside them.
 */
@Component
public class ConnectionRegistry {

    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    /** Notified when the last client connection leaves, for shutdown to wait on. */
    private final Object emptied = new Object();

    private final ConcurrentHashMap<String, IngestConnection> ingests = new ConcurrentHashMap<>();
    private final ConnectionCloser closer;
    private final HeraldMetrics metrics;
    private final String node;

    ConnectionRegistry(ConnectionCloser closer, HeraldMetrics metrics, NodeProperties node) {
        this.closer = closer;
        this.metrics = metrics;
        this.node = node.id();
    }

    void add(Connection connection) {
        connections.put(connection.id, connection);
    }

    boolean remove(Connection connection) {
        boolean removed = connections.remove(connection.id, connection);
        if (removed && connections.isEmpty()) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
        return removed;
    }

    /**
     * Waits until no client connection is left (each leaves once its close is done) or {@code timeout} has
     * passed; true when none is left. Woken by the last removal, not by polling.
     */
    boolean awaitNoClients(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (emptied) {
            while (!connections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(emptied, left);
            }
            return true;
        }
    }

    /** Whether the connection is still listed (not yet removed by its close). */
    boolean isOpen(Connection connection) {
        return connections.get(connection.id) == connection;
    }

    /** Client connections only: what keepalive, delivery and shutdown work on. */
    Collection<Connection> all() {
        return connections.values();
    }

    /** Lists and counts a device's ingest stream until {@link #ingestClosed}. */
    public IngestConnection openIngest(String user, WebSocketSession session) {
        IngestConnection ingest = new IngestConnection(user, session);
        ingests.put(ingest.id, ingest);
        metrics.connectionOpened(HeraldMetrics.INGEST);
        return ingest;
    }

    /** Forgets an ingest stream and counts its close; returns the close's tag, or null when already forgotten. */
    public String ingestClosed(IngestConnection ingest, CloseStatus status) {
        if (!ingests.remove(ingest.id, ingest)) {
            return null;
        }
        String tag = ingest.closeTag(status);
        metrics.connectionClosed(HeraldMetrics.INGEST, tag);
        return tag;
    }

    /** Every open connection of this node, of any kind. */
    public int size() {
        return connections.size() + ingests.size();
    }

    /**
     * Connections of a user and/or with a subscription to a channel, of every kind; a null filter matches all.
     * Ingest streams subscribe to nothing, so a channel filter leaves them out.
     */
    public List<ConnectionView> list(String user, String channel) {
        Stream<ConnectionView> clients = connections.values().stream()
                .filter(c -> user == null || user.equals(c.grant.user()))
                .filter(c -> channel == null || c.isSubscribed(channel))
                .map(c -> c.view(node, false));
        Stream<ConnectionView> streams = ingests.values().stream()
                .filter(c -> channel == null && (user == null || user.equals(c.user)))
                .map(c -> c.view(node, false));
        return Stream.concat(clients, streams)
                .sorted(Comparator.comparingLong(ConnectionView::connectedAt).thenComparing(ConnectionView::id))
                .toList();
    }

    public Optional<ConnectionView> find(String id) {
        Connection connection = connections.get(id);
        if (connection != null) {
            return Optional.of(connection.view(node, true));
        }
        return Optional.ofNullable(ingests.get(id)).map(c -> c.view(node, true));
    }

    /** Closes a connection with the given code and reason; false when there is no such connection. */
    public boolean close(String id, int code, String reason) {
        Connection connection = connections.get(id);
        if (connection != null) {
            closer.close(connection, new CloseStatus(code, reason), CloseReason.ADMIN.tag);
            return true;
        }
        IngestConnection ingest = ingests.get(id);
        if (ingest == null) {
            return false;
        }
        ingest.close(new CloseStatus(code, reason), CloseReason.ADMIN.tag, true);
        return true;
    }
}

package dev.herald.ws;

import dev.herald.channel.Broker;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.runtime.HeraldExecutors;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Ends connections. A close may be decided on any thread, including a publisher's inside the broker, so
 * deciding is instant (mark, stop the queue) and the rest (unsubscribing, the close handshake) runs on
 * a closer thread.
 */
@Component
class ConnectionCloser {

    private final Broker broker;
    private final HeraldMetrics metrics;
    private final HeraldExecutors executors;

    ConnectionCloser(Broker broker, HeraldMetrics metrics, HeraldExecutors executors) {
        this.broker = broker;
        this.metrics = metrics;
        this.executors = executors;
    }

    void close(Connection connection, CloseReason reason) {
        close(connection, reason.status(), reason.tag);
    }

    void close(Connection connection, CloseStatus status, String tag) {
        if (!connection.startClosing(tag)) {
            return;
        }
        dropQueued(connection, tag.equals(CloseReason.SLOW_CONSUMER.tag) ? "slow_consumer" : "closed");
        executors.closers().execute(() -> {
            unsubscribeAll(connection);
            try {
                connection.session.close(status);
            } catch (IOException | RuntimeException e) {
                // the peer is gone already; the container reports the close on its own
            }
        });
    }

    /** Releases what a closed connection held, whoever closed it. */
    void release(Connection connection, CloseStatus status) {
        if (connection.startClosing(CloseReason.tagOfUnrequestedClose(status))) {
            dropQueued(connection, "closed");
        }
        unsubscribeAll(connection);
    }

    private void dropQueued(Connection connection, String reason) {
        int dropped = connection.outbound().close();
        if (dropped > 0) {
            metrics.dropped(reason, dropped);
        }
    }

    private void unsubscribeAll(Connection connection) {
        connection.removeAllSubscriptions(broker::unsubscribe);
    }
}

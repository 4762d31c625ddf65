package dev.herald.admin;

import dev.herald.ws.ConnectionView;
import java.util.List;
import java.util.Optional;

/**
 * The connections an operator can see and close: this node's alone with the memory broker, every node's
 * with the Redis broker.
 */
public interface ConnectionDirectory {

    /** Connections of a user and/or subscribed to a channel (a null filter matches all), oldest first. */
    List<ConnectionView> list(String user, String channel);

    /** One connection with its recent frames. */
    Optional<ConnectionView> find(String id);

    /** Closes a connection with the given code and reason; false when there is no such connection. */
    boolean close(String id, int code, String reason);
}

package dev.herald.admin;

import dev.herald.NodeProperties;
import dev.herald.channel.BrokerMode;
import dev.herald.channel.ConditionalOnBroker;
import dev.herald.ws.ConnectionRegistry;
import dev.herald.ws.ConnectionView;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** With the memory broker this node is the whole server: its connections and itself. */
@Component
@ConditionalOnBroker(BrokerMode.MEMORY)
class LocalDirectory implements ConnectionDirectory, NodeDirectory {

    private final ConnectionRegistry registry;
    private final String node;
    private final long startedAt = System.currentTimeMillis();

    LocalDirectory(ConnectionRegistry registry, NodeProperties node) {
        this.registry = registry;
        this.node = node.id();
    }

    @Override
    public List<ConnectionView> list(String user, String channel) {
        return registry.list(user, channel);
    }

    @Override
    public Optional<ConnectionView> find(String id) {
        return registry.find(id);
    }

    @Override
    public boolean close(String id, int code, String reason) {
        return registry.close(id, code, reason);
    }

    @Override
    public List<NodeView> nodes() {
        return List.of(new NodeView(node, registry.size(), startedAt, System.currentTimeMillis()));
    }
}

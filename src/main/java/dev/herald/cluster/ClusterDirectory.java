package dev.herald.cluster;

import dev.herald.admin.ConnectionDirectory;
import dev.herald.admin.NodeDirectory;
import dev.herald.admin.NodeView;
import dev.herald.channel.BrokerUnavailableException;
import dev.herald.ws.ConnectionRegistry;
import dev.herald.ws.ConnectionView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections and nodes of the whole cluster: this node's from its registry, the others' by asking them
 * over the {@link ControlChannel}. A connection is looked up or closed here first, then on the others.
 */
final class ClusterDirectory implements ConnectionDirectory, NodeDirectory {

    private final ConnectionRegistry local;
    private final ControlChannel control;
    private final NodeRegistry nodes;
    private final JsonMapper json;

    ClusterDirectory(ConnectionRegistry local, ControlChannel control, NodeRegistry nodes, JsonMapper json) {
        this.local = local;
        this.control = control;
        this.nodes = nodes;
        this.json = json;
        control.answer("connections", args -> local.list(text(args, "user"), text(args, "channel")));
        control.answer(
                "connection", args -> local.find(args.path("id").asString("")).orElse(null));
        control.answer(
                "close",
                args -> local.close(
                        args.path("id").asString(""),
                        args.path("code").asInt(1000),
                        args.path("reason").asString("")));
    }

    @Override
    public List<ConnectionView> list(String user, String channel) {
        Map<String, Object> args = new HashMap<>();
        args.put("user", user);
        args.put("channel", channel);
        List<ConnectionView> all = new ArrayList<>(local.list(user, channel));
        for (ControlChannel.Reply reply : reachable(() -> control.askAll("connections", args))) {
            for (JsonNode view : reply.result()) {
                all.add(json.treeToValue(view, ConnectionView.class));
            }
        }
        all.sort(Comparator.comparingLong(ConnectionView::connectedAt).thenComparing(ConnectionView::id));
        return all;
    }

    @Override
    public Optional<ConnectionView> find(String id) {
        Optional<ConnectionView> here = local.find(id);
        if (here.isPresent()) {
            return here;
        }
        return reachable(() -> control.ask("connection", Map.of("id", id), JsonNode::isObject)).stream()
                .map(ControlChannel.Reply::result)
                .filter(JsonNode::isObject)
                .findFirst()
                .map(view -> json.treeToValue(view, ConnectionView.class));
    }

    @Override
    public boolean close(String id, int code, String reason) {
        if (local.close(id, code, reason)) {
            return true;
        }
        return reachable(() ->
                        control.ask("close", Map.of("id", id, "code", code, "reason", reason), JsonNode::asBoolean))
                .stream()
                .anyMatch(reply -> reply.result().asBoolean());
    }

    @Override
    public List<NodeView> nodes() {
        List<NodeView> live = new ArrayList<>(reachable(nodes::liveNodes));
        // this node's own count is known now, not as of its last heartbeat
        live.replaceAll(node -> node.node().equals(nodes.self())
                ? new NodeView(node.node(), nodes.localConnections(), node.startedAt(), node.lastSeen())
                : node);
        return live;
    }

    private static <T> T reachable(Supplier<T> call) {
        try {
            return call.get();
        } catch (DataAccessException e) {
            throw new BrokerUnavailableException(
                    "Redis is not reachable, so other nodes cannot be asked: "
                            + e.getMostSpecificCause().getMessage(),
                    e);
        }
    }

    private static String text(JsonNode args, String field) {
        JsonNode value = args.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}

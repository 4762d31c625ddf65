package dev.herald.cluster;

import dev.herald.channel.BrokerUnavailableException;
import dev.herald.volume.DeviceDirectory;
import dev.herald.volume.DeviceView;
import dev.herald.volume.Devices;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The devices of the whole cluster: this node's, and the others' asked over the {@link ControlChannel}. A
 * device heard by several nodes (it reconnected through another, or posts levels to any) is listed once, as
 * the node that heard it last knows it.
 */
final class ClusterDevices implements DeviceDirectory {

    private final Devices local;
    private final ControlChannel control;
    private final JsonMapper json;

    ClusterDevices(Devices local, ControlChannel control, JsonMapper json) {
        this.local = local;
        this.control = control;
        this.json = json;
        control.answer("devices", args -> local.list());
    }

    @Override
    public List<DeviceView> list() {
        Map<String, DeviceView> newest = new HashMap<>();
        local.list().forEach(device -> keepNewest(newest, device));
        List<ControlChannel.Reply> replies;
        try {
            replies = control.askAll("devices", Map.of());
        } catch (DataAccessException e) {
            throw new BrokerUnavailableException(
                    "Redis is not reachable, so other nodes cannot be asked: "
                            + e.getMostSpecificCause().getMessage(),
                    e);
        }
        for (ControlChannel.Reply reply : replies) {
            for (JsonNode device : reply.result()) {
                keepNewest(newest, json.treeToValue(device, DeviceView.class));
            }
        }
        return newest.values().stream()
                .sorted(Comparator.comparing(DeviceView::deviceId))
                .toList();
    }

    private static void keepNewest(Map<String, DeviceView> newest, DeviceView device) {
        newest.merge(device.deviceId(), device, (a, b) -> a.lastSeen() >= b.lastSeen() ? a : b);
    }
}

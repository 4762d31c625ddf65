package dev.herald.volume;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** With the memory broker this node is the whole server, and its devices are all there are. */
@Component
@ConditionalOnProperty(name = "herald.broker", havingValue = "memory", matchIfMissing = true)
class LocalDeviceDirectory implements DeviceDirectory {

    private final Devices devices;

    LocalDeviceDirectory(Devices devices) {
        this.devices = devices;
    }

    @Override
    public List<DeviceView> list() {
        return devices.list();
    }
}

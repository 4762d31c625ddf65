package dev.herald.volume;

import java.util.List;

/** The devices an operator sees: this node's with the memory broker, every live node's with Redis. */
public interface DeviceDirectory {

    /** Every known device once, by id, with its newest level. */
    List<DeviceView> list();
}

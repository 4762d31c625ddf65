package dev.herald.admin;

import java.util.List;

/** The live nodes of this server: this one with the memory broker, every live one with Redis. */
public interface NodeDirectory {

    List<NodeView> nodes();
}

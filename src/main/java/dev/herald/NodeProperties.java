package dev.herald;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The name this node reports in welcome frames and connection lists. Defaults to the host name plus a
 * random suffix, so that several nodes on one host (tests, compose replicas) stay distinguishable.
 */
@ConfigurationProperties("herald.node")
public record NodeProperties(String id) {

    public NodeProperties {
        if (id == null || id.isBlank()) {
            id = hostName() + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "herald";
        }
    }
}

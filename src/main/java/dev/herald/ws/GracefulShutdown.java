package dev.herald.ws;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Closes every connection with 1001 when the application stops, before the web server goes down
 * (this runs in the latest phase, so it stops first); the container's own shutdown would leave clients
 * with 1006.
 */
@Component
class GracefulShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Longest the closes may take: peers that do not answer the close frame are not waited for longer. */
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final ConnectionRegistry registry;
    private final ConnectionCloser closer;
    private volatile boolean running;

    GracefulShutdown(ConnectionRegistry registry, ConnectionCloser closer) {
        this.registry = registry;
        this.closer = closer;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        int open = registry.all().size();
        registry.all().forEach(connection -> closer.close(connection, CloseReason.GOING_AWAY));
        try {
            registry.awaitNoClients(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("event=shutdown closed={} remaining={}", open, registry.all().size());
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

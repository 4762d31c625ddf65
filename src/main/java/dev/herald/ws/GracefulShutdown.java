package dev.herald.ws;

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
    private static final long WAIT_MILLIS = 3000;

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
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (registry.all().size() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("event=shutdown closed={} remaining={}", open, registry.all().size());
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

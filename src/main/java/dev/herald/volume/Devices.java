package dev.herald.volume;

import dev.herald.channel.BrokerUnavailableException;
import dev.herald.channel.PublishService;
import dev.herald.runtime.HeraldExecutors;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The devices this node has heard from, whatever the source (REST, ingest, simulator): each level goes to
 * {@code volume/{deviceId}}, and each change of liveness to {@code devices/status}, {@code live} before the
 * first level and {@code stale} once levels stop for {@code herald.volume.stale-after}. A device with no level
 * for {@code herald.volume.forget-after} is forgotten, so that the list does not grow with every device id
 * ever seen. Public for the cluster, which lists every node's devices ({@link DeviceDirectory}).
 */
@Component
public class Devices implements SmartLifecycle {

    static final String STATUS_CHANNEL = "devices/status";
    private static final Logger log = LoggerFactory.getLogger(Devices.class);
    /** How often liveness is checked: a tenth of a second late at most for a stale-after of seconds. */
    private static final Duration SWEEP = Duration.ofMillis(100);

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final PublishService publisher;
    private final long staleAfterMillis;
    private final long forgetAfterMillis;
    private final HeraldExecutors executors;
    private final Clock clock;
    private ScheduledFuture<?> sweeping;

    Devices(PublishService publisher, VolumeProperties properties, HeraldExecutors executors, Clock clock) {
        this.publisher = publisher;
        this.executors = executors;
        this.clock = clock;
        this.staleAfterMillis = properties.staleAfter().toMillis();
        this.forgetAfterMillis = properties.forgetAfter().toMillis();
    }

    /** Publishes one level of a device measured at {@code ts}; levels are clamped to the dBFS floor. */
    void record(String deviceId, String source, double rmsDb, double peakDb, long ts) {
        double rms = round(rmsDb);
        double peak = round(peakDb);
        while (true) {
            Device device = devices.computeIfAbsent(deviceId, Device::new);
            synchronized (device) {
                if (device.forgotten) {
                    continue; // the sweep forgot it a moment ago: this level starts the device afresh
                }
                long now = clock.millis();
                device.source = source;
                device.lastSeen = now;
                device.rmsDb = rms;
                device.peakDb = peak;
                if (!device.live) {
                    announce(device, "live", now);
                    device.live = true;
                }
                publisher.publish(
                        "volume/" + deviceId,
                        "{\"deviceId\":\"" + deviceId + "\",\"rmsDb\":" + rms + ",\"peakDb\":" + peak + ",\"ts\":" + ts
                                + "}",
                        "volume");
                return;
            }
        }
    }

    /** This node's devices. */
    public List<DeviceView> list() {
        return devices.values().stream()
                .map(Device::view)
                .filter(view -> view.lastSeen() > 0)
                .sorted(Comparator.comparing(DeviceView::deviceId))
                .toList();
    }

    void markStale() {
        long now = clock.millis();
        for (Device device : devices.values()) {
            synchronized (device) {
                if (!device.live && device.lastSeen > 0 && now - device.lastSeen >= forgetAfterMillis) {
                    device.forgotten = true;
                    devices.remove(device.id, device);
                    log.debug("event=device.forgotten deviceId={} source={}", device.id, device.source);
                } else if (device.live && now - device.lastSeen >= staleAfterMillis) {
                    try {
                        announce(device, "stale", now);
                        device.live = false;
                    } catch (BrokerUnavailableException e) {
                        // Redis is away: the device stays live here, and the next sweep announces it again
                    }
                }
            }
        }
    }

    /** Publishes a change of state; the caller records it only once it is published, so none is lost. */
    private void announce(Device device, String state, long now) {
        log.info("event=device.{} deviceId={} source={}", state, device.id, device.source);
        publisher.publish(
                STATUS_CHANNEL,
                "{\"deviceId\":\"" + device.id + "\",\"state\":\"" + state + "\",\"ts\":" + now + "}",
                "volume");
    }

    /** Levels travel with two decimals: finer than any meter shows, and exact enough for -3.01. */
    private static double round(double db) {
        return Math.max(LevelMeter.FLOOR_DB, Math.round(db * 100) / 100.0);
    }

    @Override
    public synchronized void start() {
        sweeping = executors.every(SWEEP, "devices.mark_stale", this::markStale);
    }

    @Override
    public synchronized void stop() {
        if (sweeping != null) {
            sweeping.cancel(false);
            sweeping = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeping != null;
    }

    private static final class Device {
        final String id;
        String source;
        long lastSeen;
        double rmsDb;
        double peakDb;
        boolean live;
        boolean forgotten;

        Device(String id) {
            this.id = id;
        }

        synchronized DeviceView view() {
            return new DeviceView(id, source, lastSeen, rmsDb, peakDb, live ? "live" : "stale");
        }
    }
}

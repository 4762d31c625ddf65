package dev.herald.volume;

import dev.herald.channel.BrokerUnavailableException;
import dev.herald.runtime.HeraldExecutors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Simulated devices {@code sim-1} to {@code sim-N}: each window, every device's synthetic audio is made as
 * PCM and metered by the same {@link LevelMeter} as ingest, so the first look at the dashboard is alive and
 * the metering path is exercised end to end.
 */
@Component
class Simulator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    private final Devices devices;
    private final VolumeProperties properties;
    private final HeraldExecutors executors;
    private ScheduledFuture<?> ticking;

    Simulator(Devices devices, VolumeProperties properties, HeraldExecutors executors) {
        this.devices = devices;
        this.properties = properties;
        this.executors = executors;
    }

    private record SimulatedDevice(String id, SyntheticAudio audio, LevelMeter meter, byte[] pcm) {}

    @Override
    public synchronized void start() {
        VolumeProperties.Simulator settings = properties.simulator();
        if (!settings.enabled() || settings.devices() == 0) {
            return;
        }
        List<SimulatedDevice> simulated = new ArrayList<>();
        for (int i = 1; i <= settings.devices(); i++) {
            LevelMeter meter = new LevelMeter(SyntheticAudio.RATE, properties.window());
            simulated.add(new SimulatedDevice(
                    "sim-" + i, SyntheticAudio.forDevice(i), meter, new byte[2 * meter.windowSamples()]));
        }
        long period = properties.window().toNanos();
        // at a fixed rate, so the levels keep their pace; tick() catches what a level could throw
        ticking =
                executors.scheduler().scheduleAtFixedRate(() -> tick(simulated), period, period, TimeUnit.NANOSECONDS);
        log.info("event=simulator.start devices={} levelsPerSecond={}", simulated.size(), 1e9 / period);
    }

    private void tick(List<SimulatedDevice> simulated) {
        try {
            for (SimulatedDevice device : simulated) {
                device.audio().fill(device.pcm());
                long now = System.currentTimeMillis();
                device.meter()
                        .accept(
                                ByteBuffer.wrap(device.pcm()),
                                reading -> devices.record(
                                        device.id(), "simulator", reading.rmsDb(), reading.peakDb(), now));
            }
        } catch (BrokerUnavailableException e) {
            log.debug("event=simulator.unavailable error=\"{}\"", e.getMessage());
        } catch (RuntimeException e) {
            log.error("event=simulator.error", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticking != null;
    }
}

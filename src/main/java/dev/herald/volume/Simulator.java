package dev.herald.volume;

import dev.herald.channel.BrokerUnavailableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    private ScheduledExecutorService timer;

    Simulator(Devices devices, VolumeProperties properties) {
        this.devices = devices;
        this.properties = properties;
    }

    private record SimulatedDevice(String id, SyntheticAudio audio, LevelMeter meter, byte[] pcm) {
    }

    @Override
    public synchronized void start() {
        VolumeProperties.Simulator settings = properties.simulator();
        if (!settings.enabled() || settings.devices() == 0) {
            return;
        }
        List<SimulatedDevice> simulated = new ArrayList<>();
        for (int i = 1; i <= settings.devices(); i++) {
            LevelMeter meter = new LevelMeter(SyntheticAudio.RATE, properties.window());
            simulated.add(new SimulatedDevice("sim-" + i, SyntheticAudio.forDevice(i), meter,
                    new byte[2 * meter.windowSamples()]));
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "herald-simulator");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.window().toNanos();
        timer.scheduleAtFixedRate(() -> tick(simulated), period, period, TimeUnit.NANOSECONDS);
        log.info("event=simulator.start devices={} levelsPerSecond={}", simulated.size(), 1e9 / period);
    }

    private void tick(List<SimulatedDevice> simulated) {
        try {
            for (SimulatedDevice device : simulated) {
                device.audio().fill(device.pcm());
                long now = System.currentTimeMillis();
                device.meter().accept(ByteBuffer.wrap(device.pcm()), reading ->
                        devices.record(device.id(), "simulator", reading.rmsDb(), reading.peakDb(), now));
            }
        } catch (BrokerUnavailableException e) {
            log.debug("event=simulator.unavailable error=\"{}\"", e.getMessage());
        } catch (RuntimeException e) {
            log.error("event=simulator.error", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}

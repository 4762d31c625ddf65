package dev.herald.volume;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live volume: metering of device audio, device liveness and the built-in simulator.
 *
 * @param window            the stretch of audio one level covers (RMS and peak); 20 levels a second at 50 ms
 * @param staleAfter        a device with no level for this long is announced {@code stale} on devices/status
 * @param forgetAfter       a device with no level for this long leaves the device list (it is stale long before)
 * @param ingestIdleTimeout an ingest connection that sends nothing for this long is closed
 * @param simulator         synthetic devices, metered like real ones
 */
@Validated
@ConfigurationProperties("herald.volume")
record VolumeProperties(
        @DefaultValue("50ms") @DurationMin(millis = 10) @DurationMax(seconds = 1)
        Duration window,

        @DefaultValue("2s") @DurationMin(millis = 100) Duration staleAfter,
        @DefaultValue("5m") @DurationMin(millis = 200) Duration forgetAfter,
        @DefaultValue("30s") @DurationMin(seconds = 1) Duration ingestIdleTimeout,
        @DefaultValue @Valid Simulator simulator) {

    VolumeProperties {
        if (forgetAfter != null && staleAfter != null && forgetAfter.compareTo(staleAfter) <= 0) {
            throw new IllegalArgumentException("herald.volume.forget-after (" + forgetAfter
                    + ") must be longer than herald.volume.stale-after (" + staleAfter + ")");
        }
    }

    /**
     * @param enabled whether the simulated devices run
     * @param devices how many ({@code sim-1} to {@code sim-N}), alternately speech-like and music-like
     */
    record Simulator(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8") @Min(0) @Max(1000) int devices) {}
}

package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VolumePropertiesTest {

    private static VolumeProperties with(Duration staleAfter, Duration forgetAfter) {
        return new VolumeProperties(
                Duration.ofMillis(50),
                staleAfter,
                forgetAfter,
                Duration.ofSeconds(30),
                new VolumeProperties.Simulator(false, 0));
    }

    @Test
    void aDeviceMustBeStaleBeforeItIsForgotten() {
        assertThatThrownBy(() -> with(Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("herald.volume.forget-after");
        assertThatCode(() -> with(Duration.ofSeconds(2), Duration.ofMinutes(5))).doesNotThrowAnyException();
    }
}

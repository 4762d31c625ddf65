package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's audio, metered offline: 30 s of each kind, in 50 ms windows like the simulator's. */
class SyntheticAudioTest {

    private static List<LevelMeter.Reading> meter(SyntheticAudio audio, int seconds) {
        LevelMeter meter = new LevelMeter(SyntheticAudio.RATE, Duration.ofMillis(50));
        List<LevelMeter.Reading> readings = new ArrayList<>();
        byte[] pcm = new byte[2 * meter.windowSamples()];
        for (int i = 0; i < seconds * 20; i++) {
            audio.fill(pcm);
            meter.accept(ByteBuffer.wrap(pcm), readings::add);
        }
        return readings;
    }

    private static DoubleSummaryStatistics rms(List<LevelMeter.Reading> readings) {
        return readings.stream().mapToDouble(LevelMeter.Reading::rmsDb).summaryStatistics();
    }

    @Test
    void speechComesInSyllablesWithPausesBetweenThem() {
        List<LevelMeter.Reading> readings = meter(SyntheticAudio.forDevice(2), 30);
        DoubleSummaryStatistics rms = rms(readings);

        long pauses =
                readings.stream().filter(r -> r.rmsDb() < rms.getMax() - 30).count();
        assertThat(rms.getMax()).isBetween(-40.0, -3.0);
        assertThat(pauses).as("windows 30 dB under the loudest").isGreaterThan(readings.size() / 10);
        assertThat(pauses).isLessThan(readings.size() * 6 / 10);
    }

    @Test
    void musicNeverFallsSilentButItsLoudnessMovesWithBeatsAndSwells() {
        List<LevelMeter.Reading> readings = meter(SyntheticAudio.forDevice(1), 30);
        DoubleSummaryStatistics rms = rms(readings);

        assertThat(rms.getMax()).isBetween(-40.0, -3.0);
        assertThat(rms.getMin()).as("quietest window").isGreaterThan(rms.getMax() - 30);
        assertThat(rms.getMax() - rms.getMin()).as("range of loudness").isGreaterThan(6);
    }

    @Test
    void everyWindowsPeakIsAtLeastItsRmsAndNeverClips() {
        for (int device = 1; device <= 8; device++) {
            for (LevelMeter.Reading reading : meter(SyntheticAudio.forDevice(device), 5)) {
                assertThat(reading.peakDb())
                        .isGreaterThanOrEqualTo(reading.rmsDb())
                        .isLessThan(0.0);
            }
        }
    }

    @Test
    void devicesSitAtDifferentLevels() {
        double one = rms(meter(SyntheticAudio.forDevice(1), 10)).getAverage();
        double three = rms(meter(SyntheticAudio.forDevice(3), 10)).getAverage();

        assertThat(Math.abs(one - three)).isGreaterThan(1);
    }
}

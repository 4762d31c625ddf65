package dev.herald.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LevelMeterTest {

    private static final Duration WINDOW = Duration.ofMillis(50);
    private static final double TOLERANCE = 0.01;

    private static List<LevelMeter.Reading> meter(int rate, byte[]... chunks) {
        LevelMeter meter = new LevelMeter(rate, WINDOW);
        List<LevelMeter.Reading> readings = new ArrayList<>();
        for (byte[] chunk : chunks) {
            meter.accept(ByteBuffer.wrap(chunk), readings::add);
        }
        return readings;
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16000, 22050, 44100, 48000})
    void aFullScaleSineReadsZeroPeakAndMinusThreePointZeroOneRmsAtEveryRate(int rate) {
        int window = new LevelMeter(rate, WINDOW).windowSamples();

        List<LevelMeter.Reading> readings = meter(rate, Pcm.sine(1.0, 1000, rate, 2 * window));

        assertThat(readings).hasSize(2);
        for (LevelMeter.Reading reading : readings) {
            assertThat(reading.peakDb()).isCloseTo(0.0, within(TOLERANCE));
            assertThat(reading.rmsDb()).isCloseTo(-3.01, within(TOLERANCE));
        }
    }

    @ParameterizedTest(name = "{0} dBFS at {1} Hz")
    // 16-bit rounding of the test signal alone moves quieter peaks by more than 0.01 dB (at -60 dBFS the
    // peak of 32.8 becomes 33)
    @CsvSource({"-6, 16000", "-12, 22050", "-20, 8000", "-30, 44100", "-30, 48000"})
    void aQuieterSineReadsItsAmplitudeAsPeakAndThreeDecibelsLessAsRms(double db, int rate) {
        double amplitude = Math.pow(10, db / 20);

        int window = new LevelMeter(rate, WINDOW).windowSamples();

        LevelMeter.Reading reading =
                meter(rate, Pcm.sine(amplitude, 1000, rate, window)).get(0);

        assertThat(reading.peakDb()).isCloseTo(db, within(TOLERANCE));
        assertThat(reading.rmsDb()).isCloseTo(db - 3.0103, within(TOLERANCE));
    }

    @Test
    void digitalSilenceReadsTheFloorWhichIsAFiniteNumber() {
        LevelMeter.Reading reading = meter(16000, Pcm.silence(800)).get(0);

        assertThat(reading.rmsDb()).isEqualTo(LevelMeter.FLOOR_DB).isEqualTo(-120.0);
        assertThat(reading.peakDb()).isEqualTo(-120.0);
    }

    @Test
    void aFullScaleSquareWaveReadsZeroForRmsAndPeak() {
        LevelMeter.Reading reading = meter(16000, Pcm.square(32767, 16, 800)).get(0);

        assertThat(reading.rmsDb()).isCloseTo(0.0, within(TOLERANCE));
        assertThat(reading.peakDb()).isCloseTo(0.0, within(TOLERANCE));
    }

    @Test
    void aHalfScaleSquareWaveReadsMinusSixPointZeroTwoForRmsAndPeak() {
        LevelMeter.Reading reading = meter(16000, Pcm.square(16384, 16, 800)).get(0);

        assertThat(reading.rmsDb()).isCloseTo(-6.02, within(TOLERANCE));
        assertThat(reading.peakDb()).isCloseTo(-6.02, within(TOLERANCE));
    }

    @Test
    void theMostNegativeSampleIsFullScale() {
        LevelMeter.Reading reading = meter(8000, Pcm.bytes(new short[] {Short.MIN_VALUE}), Pcm.silence(399))
                .get(0);

        assertThat(reading.peakDb()).isEqualTo(0.0);
    }

    @Test
    void samplesSplitAcrossFramesAnywhereEvenInsideASampleAreMeteredAsOneStream() {
        int rate = 16000;
        byte[] signal = concat(Pcm.sine(0.5, 440, rate, 2000), Pcm.silence(800), Pcm.square(8000, 40, 2000));
        List<LevelMeter.Reading> whole = meter(rate, signal);

        Random random = new Random(7);
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < signal.length; ) {
            int length = Math.min(signal.length - at, 1 + random.nextInt(301));
            byte[] chunk = new byte[length];
            System.arraycopy(signal, at, chunk, 0, length);
            chunks.add(chunk);
            at += length;
        }
        List<LevelMeter.Reading> split = meter(rate, chunks.toArray(byte[][]::new));

        assertThat(chunks).anyMatch(chunk -> chunk.length % 2 == 1);
        assertThat(whole).hasSize(4800 / 800);
        assertThat(split).isEqualTo(whole);
    }

    @Test
    void aConsumerThatFailsOnOneReadingDoesNotStallTheMeter() {
        LevelMeter meter = new LevelMeter(8000, WINDOW);
        try {
            meter.accept(ByteBuffer.wrap(Pcm.silence(400)), reading -> {
                throw new IllegalStateException("broker away");
            });
        } catch (IllegalStateException expected) {
            // the reading was lost with its consumer's failure
        }
        List<LevelMeter.Reading> readings = new ArrayList<>();

        meter.accept(ByteBuffer.wrap(Pcm.square(32767, 8, 800)), readings::add);

        assertThat(readings)
                .hasSize(2)
                .allSatisfy(reading -> assertThat(reading.rmsDb()).isCloseTo(0.0, within(TOLERANCE)));
    }

    @Test
    void aWindowCoversTheConfiguredDurationOfSamples() {
        assertThat(new LevelMeter(8000, Duration.ofMillis(50)).windowSamples()).isEqualTo(400);
        assertThat(new LevelMeter(44100, Duration.ofMillis(50)).windowSamples()).isEqualTo(2205);
        assertThat(new LevelMeter(48000, Duration.ofMillis(100)).windowSamples())
                .isEqualTo(4800);
        assertThat(meter(8000, Pcm.silence(399))).isEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(
                java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}

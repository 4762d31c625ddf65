package dev.herald.volume;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Meters a stream of mono signed 16-bit little-endian PCM: every {@code windowSamples} samples give one
 * reading of RMS and peak in dBFS, where 32768 is full scale (a full-scale sine reads 0.0 peak and -3.01
 * RMS). The stream may be cut anywhere, even inside a sample: what a buffer leaves over is carried into the
 * next. Not thread-safe; one meter per stream.
 */
final class LevelMeter {

    /**
     * The level of digital silence, since JSON has no -Infinity. Readings are clamped here: the quietest
     * 16-bit peak other than silence is -90.3 dBFS, and an RMS below -120 dBFS (a lone sample of 1 in a
     * window of thousands) is inaudible.
     */
    static final double FLOOR_DB = -120.0;

    private static final double FULL_SCALE = 32768.0;

    private final int windowSamples;
    private long sumOfSquares;
    private int peak;
    private int count;
    private int lowByte = -1;

    LevelMeter(int sampleRate, java.time.Duration window) {
        this.windowSamples = Math.max(1, (int) Math.round(sampleRate * window.toNanos() / 1e9));
    }

    int windowSamples() {
        return windowSamples;
    }

    /** Reads all of {@code pcm}; each window completed on the way goes to {@code readings}, in order. */
    void accept(ByteBuffer pcm, Consumer<Reading> readings) {
        while (pcm.hasRemaining()) {
            int b = pcm.get() & 0xff;
            if (lowByte < 0) {
                lowByte = b;
                continue;
            }
            int sample = (short) (lowByte | b << 8);
            lowByte = -1;
            sumOfSquares += (long) sample * sample;
            peak = Math.max(peak, Math.abs(sample));
            if (++count == windowSamples) {
                Reading reading = new Reading(dbfs(Math.sqrt((double) sumOfSquares / count)), dbfs(peak));
                // the window is closed before anyone sees it, so a consumer that throws cannot stall the meter
                sumOfSquares = 0;
                peak = 0;
                count = 0;
                readings.accept(reading);
            }
        }
    }

    private static double dbfs(double amplitude) {
        return amplitude == 0 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(amplitude / FULL_SCALE));
    }

    /** One window's levels in dBFS, never below {@link #FLOOR_DB}. */
    record Reading(double rmsDb, double peakDb) {}
}

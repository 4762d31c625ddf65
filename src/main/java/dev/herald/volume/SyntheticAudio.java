package dev.herald.volume;

import java.util.SplittableRandom;

/**
 * Audio the simulator meters, shaped like what devices hear, so meters behave as they would on site: speech
 * comes in syllables and pauses, music in beats under a slowly swelling loudness. Samples are made at
 * {@link #RATE} and continue across calls.
 */
abstract class SyntheticAudio {

    static final int RATE = 16000;
    private static final double TWO_PI = 2 * Math.PI;

    final SplittableRandom random;
    /** Linear gain of the whole signal, so that devices sit at different levels. */
    final double gain;

    long sample;

    SyntheticAudio(long seed, double gainDb) {
        this.random = new SplittableRandom(seed);
        this.gain = Math.pow(10, gainDb / 20);
    }

    /** A speaker for even seeds, music for odd ones, at a level between -6 and -20 dBFS. */
    static SyntheticAudio forDevice(int index) {
        double gainDb = -6 - (index * 37 % 15);
        return index % 2 == 0 ? new Speech(index, gainDb) : new Music(index, gainDb);
    }

    /** Fills {@code out} with the next samples as signed 16-bit little-endian PCM. */
    void fill(byte[] out) {
        for (int i = 0; i + 1 < out.length; i += 2) {
            double value = Math.max(-1, Math.min(1, gain * next()));
            int s = (int) Math.round(value * 32767);
            out[i] = (byte) s;
            out[i + 1] = (byte) (s >> 8);
            sample++;
        }
    }

    /** The next sample, about -1 to 1 before the gain. */
    abstract double next();

    static double sin(double phase) {
        return Math.sin(TWO_PI * phase);
    }

    /**
     * Voiced syllables of 120 to 300 ms (a pulse-like harmonic series on a gliding pitch, with a little
     * breath noise), 40 to 120 ms apart, in phrases of 3 to 9 that end in a pause of 0.3 to 1.2 s.
     */
    static final class Speech extends SyntheticAudio {
        private final double basePitch;
        private double phase;
        private long segmentStart;
        private long segmentLength;
        private boolean voiced;
        private int syllablesLeft;
        private double pitch;
        private double loudness;

        Speech(long seed, double gainDb) {
            super(seed, gainDb);
            this.basePitch = 100 + random.nextDouble(120);
        }

        @Override
        double next() {
            long t = sample - segmentStart;
            if (t >= segmentLength) {
                nextSegment();
                t = 0;
            }
            if (!voiced) {
                return 0.002 * (random.nextDouble() - 0.5);
            }
            double progress = (double) t / segmentLength;
            double envelope = Math.min(1, progress * 8) * Math.pow(1 - progress, 0.7);
            phase += pitch * (1 - 0.15 * progress) / RATE;
            double tone = sin(phase) + 0.6 * sin(2 * phase) + 0.45 * sin(3 * phase) + 0.25 * sin(5 * phase);
            return loudness * envelope * (0.7 * tone + 0.08 * (random.nextDouble() - 0.5));
        }

        private void nextSegment() {
            segmentStart = sample;
            if (voiced) {
                voiced = false;
                segmentLength = syllablesLeft > 0 ? ms(40 + random.nextInt(80)) : ms(300 + random.nextInt(900));
                return;
            }
            if (syllablesLeft == 0) {
                syllablesLeft = 3 + random.nextInt(7);
            }
            syllablesLeft--;
            voiced = true;
            segmentLength = ms(120 + random.nextInt(180));
            pitch = basePitch * (0.85 + random.nextDouble(0.35));
            loudness = 0.4 + random.nextDouble(0.6);
        }
    }

    /**
     * Chords that change every bar of four beats at 90 to 130 beats a minute, each beat struck and decaying,
     * with a kick drum on the beat and a loudness that swells over about 20 s.
     */
    static final class Music extends SyntheticAudio {
        private static final double[][] CHORDS = {
            {220.0, 277.2, 329.6}, {196.0, 246.9, 293.7}, {174.6, 220.0, 261.6}, {164.8, 207.7, 246.9}
        };
        private final long beatSamples;
        private final double swellHz;
        private final double[] phases = new double[3];
        private double kickPhase;

        Music(long seed, double gainDb) {
            super(seed, gainDb);
            this.beatSamples = RATE * 60L / (90 + random.nextInt(40));
            this.swellHz = 1 / (15 + random.nextDouble(10));
        }

        @Override
        double next() {
            long beat = sample / beatSamples;
            double inBeat = (double) (sample % beatSamples) / beatSamples;
            double[] chord = CHORDS[(int) (beat / 4 % CHORDS.length)];
            double strike = 0.35 + 0.65 * Math.exp(-3 * inBeat);
            double value = 0;
            for (int i = 0; i < chord.length; i++) {
                phases[i] += chord[i] / RATE;
                value += sin(phases[i]) + 0.3 * sin(2 * phases[i]);
            }
            kickPhase += (50 + 90 * Math.exp(-30 * inBeat)) / RATE;
            double kick = Math.exp(-12 * inBeat) * sin(kickPhase);
            double swell = 0.7 + 0.3 * sin(sample * swellHz / RATE);
            return swell * (0.22 * strike * value + 0.5 * kick);
        }
    }

    static long ms(int millis) {
        return (long) RATE * millis / 1000;
    }
}

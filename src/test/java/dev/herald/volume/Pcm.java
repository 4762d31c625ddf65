package dev.herald.volume;

/** Test signals as mono signed 16-bit little-endian PCM. */
final class Pcm {

    private Pcm() {}

    /** A sine of {@code amplitude} (1.0 is full scale, 32767) at {@code hz}, {@code samples} long. */
    static byte[] sine(double amplitude, double hz, int rate, int samples) {
        short[] values = new short[samples];
        for (int i = 0; i < samples; i++) {
            values[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return bytes(values);
    }

    /** A square wave between +value and -value, with a period of {@code period} samples. */
    static byte[] square(int value, int period, int samples) {
        short[] values = new short[samples];
        for (int i = 0; i < samples; i++) {
            values[i] = (short) (i % period < period / 2 ? value : -value);
        }
        return bytes(values);
    }

    static byte[] silence(int samples) {
        return new byte[2 * samples];
    }

    static byte[] bytes(short[] values) {
        byte[] pcm = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            pcm[2 * i] = (byte) values[i];
            pcm[2 * i + 1] = (byte) (values[i] >> 8);
        }
        return pcm;
    }
}

/**
 * A log-linear latency histogram in microseconds: exact below 128 us, then 64 buckets per power of two
 * (about 1.6 % wide). Processes print it sparse ({@code index:count,...}) and the driver merges them.
 */
final class Hist {

    static final int SIZE = 128 + 64 * 40;
    final long[] counts = new long[SIZE];
    long total;
    long max;

    void record(long micros) {
        long v = Math.max(0, micros);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    void clear() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }

    static int index(long v) {
        if (v < 128) {
            return (int) v;
        }
        int m = 63 - Long.numberOfLeadingZeros(v);
        int shift = m - 6;
        int sub = (int) (v >>> shift);
        return Math.min(SIZE - 1, 128 + (m - 7) * 64 + (sub - 64));
    }

    /** The highest value a bucket holds. */
    static long upper(int index) {
        if (index < 128) {
            return index;
        }
        int m = (index - 128) / 64 + 7;
        int sub = (index - 128) % 64 + 64;
        int shift = m - 6;
        return (((long) sub + 1) << shift) - 1;
    }

    String sparse() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < SIZE; i++) {
            if (counts[i] != 0) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(i).append(':').append(counts[i]);
            }
        }
        b.append(";max=").append(max);
        return b.toString();
    }

    void merge(String sparse) {
        String[] parts = sparse.split(";max=");
        if (!parts[0].isEmpty()) {
            for (String pair : parts[0].split(",")) {
                int colon = pair.indexOf(':');
                long n = Long.parseLong(pair.substring(colon + 1));
                counts[Integer.parseInt(pair.substring(0, colon))] += n;
                total += n;
            }
        }
        if (parts.length > 1) {
            max = Math.max(max, Long.parseLong(parts[1]));
        }
    }

    /** The q-quantile in microseconds (bucket upper bound, capped at the exact max). */
    long quantile(double q) {
        if (total == 0) {
            return -1;
        }
        long target = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < SIZE; i++) {
            seen += counts[i];
            if (seen >= target) {
                return Math.min(upper(i), max);
            }
        }
        return max;
    }
}

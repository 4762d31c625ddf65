import java.time.Instant;

/**
 * Send and receive times: epoch microseconds from the realtime clock (clock_gettime(CLOCK_REALTIME) under
 * Instant.now() on Linux), the same clock in every process of the machine, whatever their language.
 */
final class Clock {
    private Clock() {
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}

package chatroom.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Latencies are recorded in nanoseconds with three significant digits and shown in milliseconds. */
final class Latency {
    private static final int SIGNIFICANT_DIGITS = 3;

    private Latency() {
    }

    static Histogram histogram() {
        return new Histogram(SIGNIFICANT_DIGITS); // grows as needed: no ceiling to guess
    }

    /** Milliseconds with three decimals, as the report shows them. */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static double msValue(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}

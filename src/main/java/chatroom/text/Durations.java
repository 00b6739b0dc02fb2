package chatroom.text;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a duration is written, on the command line and in the chat: a number with a
 * unit ({@code 500ms}, {@code 1.5s}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}), a bare
 * number of seconds ({@code 30}), or ISO-8601 ({@code PT0.5S}). Milliseconds are the finest
 * unit; none may be negative.
 */
public final class Durations {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private Durations() {}

    /** The duration {@code value} says; throws IllegalArgumentException saying why not. */
    public static Duration parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = WITH_UNIT.matcher(v);
        if (m.matches()) {
            BigDecimal number = new BigDecimal(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            BigDecimal millis = number.multiply(BigDecimal.valueOf(switch (unit) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            }));
            if (millis.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("'" + value + "' is finer than a millisecond");
            }
            try {
                return Duration.ofMillis(millis.longValueExact());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + value + "' is too long");
            }
        }
        if (v.startsWith("p")) {
            try {
                Duration d = Duration.parse(value.strip());
                if (d.isNegative()) throw new IllegalArgumentException("'" + value + "' is negative");
                return d;
            } catch (DateTimeParseException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration (say 500ms, 1.5s, 30s, 2m, 1h, 1d, or a number of seconds)");
    }

    /** Whether {@code value} names its unit: a bare number is seconds only where a flag is read. */
    public static boolean hasUnit(String value) {
        Matcher m = WITH_UNIT.matcher(value.strip().toLowerCase(Locale.ROOT));
        return !m.matches() || m.group(2) != null;
    }

    /** {@code d} as it would be written ({@code 30s}, {@code 200ms}), which {@link #parse} reads back. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}

package chatroom.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration flag: a number with a unit ({@code 500ms}, {@code 1.5s}, {@code 30s},
 * {@code 2m}, {@code 1h}), a bare number of seconds ({@code 30}), or ISO-8601
 * ({@code PT0.5S}). Milliseconds are the finest unit, which is fine enough for tests.
 * Every duration flag reads this way, the server's and the bench's alike; none may be negative.
 */
public final class DurationOption implements ITypeConverter<Duration> {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

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
                default -> 3_600_000;
            }));
            if (millis.stripTrailingZeros().scale() > 0) {
                throw new TypeConversionException("'" + value + "' is finer than a millisecond");
            }
            try {
                return Duration.ofMillis(millis.longValueExact());
            } catch (ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is too long");
            }
        }
        if (v.startsWith("p")) {
            try {
                Duration d = Duration.parse(value.strip());
                if (d.isNegative()) throw new TypeConversionException("'" + value + "' is negative");
                return d;
            } catch (DateTimeParseException e) {
                // falls through to the message below
            }
        }
        throw new TypeConversionException("'" + value + "' is not a duration (say 500ms, 1.5s, 30s, 2m, 1h, or a number of seconds)");
    }

    /** {@code d} as a flag would say it ({@code 30s}, {@code 200ms}), which {@link #parse} reads back. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}

package chatroom.bench;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 10}, {@code 10s}, {@code 1.5s}, {@code 500ms} or {@code 2m}; a bare number is seconds. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        double factor;
        if (v.endsWith("ms")) {
            factor = 1e-3;
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            factor = 1;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 60;
            v = v.substring(0, v.length() - 1);
        } else {
            factor = 1;
        }
        try {
            double seconds = Double.parseDouble(v) * factor;
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) throw new NumberFormatException();
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (say 10s, 1.5s, 500ms or 2m)");
        }
    }
}

package chatroom.cli;

import chatroom.text.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration flag as {@link Durations} reads every duration ({@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, {@code 1d}, a bare number of seconds, ISO-8601). Every duration flag
 * reads this way, the server's and the bench's alike; none may be negative.
 */
public final class DurationOption implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code d} as a flag would say it ({@code 30s}, {@code 200ms}), which {@link #parse} reads back. */
    public static String format(Duration d) {
        return Durations.format(d);
    }
}

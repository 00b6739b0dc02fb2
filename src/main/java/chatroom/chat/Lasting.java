package chatroom.chat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a mute or ban lasts, as a moderator types it: a whole number and a unit,
 * {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. The command line's durations
 * (chatroom.cli.DurationOption) read the same units but the chat may not depend on the
 * command line, so days, which only moderation needs, are read here.
 */
public final class Lasting {
    /** The longest a mute or ban may be given for; longer is "until lifted", said by giving none. */
    public static final Duration MOST = Duration.ofDays(365);

    /** A word that is meant as a duration: it starts with a digit. */
    private static final Pattern MEANT = Pattern.compile("\\d.*");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

    private Lasting() {}

    /** Whether {@code word} is meant as a duration (then {@link #parse} reads it or says why not). */
    static boolean meant(String word) {
        return MEANT.matcher(word).matches();
    }

    /** The duration {@code word} says; throws IllegalArgumentException saying why not, for the person. */
    static Duration parse(String word) {
        Matcher m = DURATION.matcher(word);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + word + "' is not a duration: say 30s, 10m, 2h or 1d, or nothing for until lifted");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) throw new IllegalArgumentException("a duration of '" + word + "' is no time at all");
        if (d.compareTo(MOST) > 0) {
            throw new IllegalArgumentException("'" + word + "' is longer than " + MOST.toDays() + " days; give no duration for until lifted");
        }
        return d;
    }
}

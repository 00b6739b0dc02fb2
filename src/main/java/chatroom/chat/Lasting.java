package chatroom.chat;

import chatroom.text.Durations;
import java.time.Duration;

/**
 * How long a mute or ban lasts, as a moderator types it: a number and a unit as every
 * duration is written ({@link Durations}: {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}),
 * up to {@link #MOST}. Here the unit is required: {@code /mute bob 5} says nothing clear.
 */
public final class Lasting {
    /** The longest a mute or ban may be given for; longer is "until lifted", said by giving none. */
    public static final Duration MOST = Duration.ofDays(365);

    private Lasting() {}

    /** Whether {@code word} is meant as a duration (it starts with a digit); {@link #parse} reads it or says why not. */
    static boolean meant(String word) {
        return !word.isEmpty() && Character.isDigit(word.charAt(0));
    }

    /** The duration {@code word} says; throws IllegalArgumentException saying why not, for the person. */
    static Duration parse(String word) {
        Duration d;
        try {
            if (!Durations.hasUnit(word)) throw new IllegalArgumentException();
            d = Durations.parse(word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "' is not a duration: say 30s, 10m, 2h or 1d, or nothing for until lifted");
        }
        if (d.isZero()) throw new IllegalArgumentException("a duration of '" + word + "' is no time at all");
        if (d.compareTo(MOST) > 0) {
            throw new IllegalArgumentException("'" + word + "' is longer than " + MOST.toDays() + " days; give no duration for until lifted");
        }
        return d;
    }
}

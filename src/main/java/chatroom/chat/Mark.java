package chatroom.chat;

import java.time.Instant;

/**
 * A place in a room's order, to page from or to: a message's number, or a time (which
 * falls between numbers). {@link #START} is before the first number, {@link #END} after
 * the last.
 */
public record Mark(long seq, Instant time) {
    public static final Mark START = new Mark(0, null);
    public static final Mark END = new Mark(Long.MAX_VALUE, null);

    public static Mark seq(long seq) {
        return new Mark(seq, null);
    }

    public static Mark time(Instant time) {
        return new Mark(-1, time);
    }
}

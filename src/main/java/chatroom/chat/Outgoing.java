package chatroom.chat;

import java.util.Arrays;
import java.util.function.Function;

/**
 * One event on its way to one or more members: the room makes one per broadcast and
 * hands the same instance to every member's session, so a door can encode the event
 * once for its wire and reuse the bytes for everyone else who reads that wire.
 *
 * <p>The memo is keyed by whatever object stands for a wire format (a codec), so the
 * rules never learn what the formats are. It is a copy-on-write array read through one
 * volatile field: no lock, nothing that senders contend for. Two writers racing on a
 * cold entry both encode and one result wins; that costs a repeated encode, never a
 * wrong frame, since encoding is a pure function of the event and the format.
 */
public final class Outgoing {
    private static final Object[] NONE = {};

    private final Event event;
    /** Pairs: format key, its bytes; never modified once published. */
    private volatile Object[] memo = NONE;

    public Outgoing(Event event) {
        this.event = event;
    }

    public Event event() {
        return event;
    }

    /** The event as {@code format} writes it, encoded on the first call for that format. */
    public byte[] encoded(Object format, Function<Event, byte[]> encoder) {
        Object[] m = memo;
        for (int i = 0; i < m.length; i += 2) {
            if (m[i] == format) return (byte[]) m[i + 1];
        }
        byte[] bytes = encoder.apply(event);
        Object[] grown = Arrays.copyOf(m, m.length + 2);
        grown[m.length] = format;
        grown[m.length + 1] = bytes;
        memo = grown;
        return bytes;
    }
}

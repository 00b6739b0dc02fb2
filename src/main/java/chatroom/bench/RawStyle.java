package chatroom.bench;

/**
 * How the raw door ({@code --door raw}) talks to a server that frames nothing of its own:
 * what a client sends first, and how it sends each message. Receiving is the same for
 * every style: the bench scans the byte stream for its {@link Payload} markers, so the
 * server may prefix, merge or split what it relays.
 *
 * @param name      what each client sends as soon as it is connected: {@code none} (ncat
 *                  --chat names its users itself), {@code line} (the name and a newline) or
 *                  {@code bare} (the name alone, for a server that takes the first read as
 *                  the name, like the course's week13.py)
 * @param unframed  send each message without a newline and as a write of its own (week13.py
 *                  reads unframed chunks: two messages read together relay as one)
 */
public record RawStyle(String name, boolean unframed) {
    /** ncat --chat: no name, newline-terminated lines. */
    public static final RawStyle LINES = new RawStyle("none", false);

    public RawStyle {
        if (!name.equals("none") && !name.equals("line") && !name.equals("bare")) {
            throw new IllegalArgumentException("--raw-name must be none, line or bare, not " + name);
        }
    }
}

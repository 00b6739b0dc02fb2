package chatroom.bench;

/**
 * One door as the bench speaks it: the bytes it sends, and a cheap look at each line it
 * receives. Reading works on the raw bytes of a line and allocates nothing on the path
 * that every delivery takes.
 */
interface Wire {

    /** What a received line is, as far as the bench cares. */
    enum Kind {
        /** The name was accepted. */
        WELCOME,
        /** An error line or frame: before the welcome the join failed, after it a message was refused. */
        ERROR,
        /** A room or private message, which may carry a {@link Payload}. */
        MESSAGE,
        /** A room event without text (joined, left): it still takes a room number. */
        EVENT,
        /** The server checks that a quiet client is alive: answer with {@link #pong()}. */
        PING,
        /** Anything else: accepted frames, notices, the name prompt. */
        OTHER
    }

    String name();

    byte[] hello(String name);

    byte[] say(String text);

    byte[] tell(String to, String text);

    /** The answer to a {@link Kind#PING}; null on a door without pings. */
    byte[] pong();

    Kind classify(byte[] b, int from, int to);

    /** The room's number for this event, or -1 where the door has none (only the JSON door has one). */
    default long seq(byte[] b, int from, int to) {
        return -1;
    }

    /** The error's code ({@code rate-limited}, …), for the report; called only for {@link Kind#ERROR} lines. */
    String errorCode(byte[] b, int from, int to);

    /**
     * A door without a welcome (raw): a client counts as joined once connected, and what
     * arrives is scanned for payloads rather than cut into lines.
     */
    default boolean joinsOnConnect() {
        return false;
    }

    /** Each message goes out as a write of its own instead of being batched with others to the same client. */
    default boolean writesEachMessage() {
        return false;
    }

    static Wire of(String door, RawStyle raw) {
        return switch (door) {
            case "json" -> new JsonWire();
            case "plain" -> new PlainWire();
            case "raw" -> new RawWire(raw);
            case "irc" -> new IrcWire();
            default -> throw new IllegalArgumentException("--door must be json, plain, irc or raw, not " + door);
        };
    }

    // ---- byte helpers shared by both doors ----

    static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[from + i] != prefix[i]) return false;
        return true;
    }

    /** Where {@code needle} starts in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (b[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}

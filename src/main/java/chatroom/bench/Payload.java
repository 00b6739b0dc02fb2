package chatroom.bench;

import java.nio.charset.StandardCharsets;

/**
 * What the bench writes inside a message's text so that any receiver can tell who sent
 * it, which one it was and when, on either door and through any server that relays text
 * unchanged: {@code ~KIND SENDER.G.C.T[.TO]~} and then {@code x} up to the message size.
 *
 * <ul>
 *   <li>KIND: {@code m} a room message, {@code p} a private one;
 *   <li>SENDER: the sending client's index;
 *   <li>G: the sender's own count of messages, both kinds (for its closed-loop window);
 *   <li>C: the count within the stream the receiver checks: the sender's room messages,
 *       or its private messages to this one recipient;
 *   <li>T: the (intended) send time, nanoseconds after the bench started, on the bench
 *       JVM's {@link System#nanoTime()} clock, which sender and receiver share;
 *   <li>TO: for a private message, the recipient's index (so a misdelivery shows).
 * </ul>
 *
 * Only ASCII letters, digits, {@code .} and {@code ~}: nothing a JSON encoder escapes or a
 * terminal sanitiser changes, and never {@code @} or {@code /} first.
 */
final class Payload {
    static final byte MARK = '~';
    static final byte ROOM = 'm';
    static final byte PRIVATE = 'p';
    /** Room messages and private ones are numbered separately for the receiver. */
    static final int ROOM_STREAM = 0;
    static final int PRIVATE_STREAM = 1;

    /** The fields of the last payload {@link #parse parsed}; reused, so reading allocates nothing. */
    byte kind;
    int sender;
    long g;
    long counter;
    long sentAt;
    int to;

    private Payload() {
    }

    static Payload reader() {
        return new Payload();
    }

    int stream() {
        return kind == PRIVATE ? PRIVATE_STREAM : ROOM_STREAM;
    }

    /** The text of one message, at least {@code size} bytes (exactly, unless the header is longer). */
    static String text(byte kind, int sender, long g, long counter, long sentAt, int to, int size) {
        StringBuilder s = new StringBuilder(Math.max(size, 48));
        s.append((char) MARK).append((char) kind).append(sender).append('.').append(g).append('.').append(counter)
                .append('.').append(sentAt);
        if (kind == PRIVATE) s.append('.').append(to);
        s.append((char) MARK);
        while (s.length() < size) s.append('x');
        return s.toString();
    }

    /** The longest header for these numbers, so that a size can be checked before the run. */
    static int headerLength(int clients, long maxCount, long maxNanos) {
        return text(PRIVATE, clients, maxCount, maxCount, maxNanos, clients, 0).getBytes(StandardCharsets.US_ASCII).length;
    }

    /**
     * Finds a payload in {@code b[from, to)} and reads it into this object. The payload is
     * looked for from the end, where both doors put the text: its closing mark, then the
     * opening one before it.
     *
     * @return false when the line holds none (a join, a notice, someone else's text)
     */
    boolean parse(byte[] b, int from, int to) {
        int close = Bytes.lastIndexOf(b, from, to, MARK);
        while (close > from) {
            int open = Bytes.lastIndexOf(b, from, close, MARK);
            if (open < 0) return false;
            if (open + 1 < close && (b[open + 1] == ROOM || b[open + 1] == PRIVATE) && readAt(b, open + 1, close + 1)) {
                return true;
            }
            close = open;
        }
        return false;
    }

    private int pos;

    private boolean readAt(byte[] b, int at, int end) {
        kind = b[at];
        pos = at + 1;
        long s = number(b, end, '.');
        long gg = s < 0 ? -1 : number(b, end, '.');
        long c = gg < 0 ? -1 : number(b, end, '.');
        if (c < 0) return false;
        long t;
        int recipient = -1;
        if (kind == PRIVATE) {
            t = number(b, end, '.');
            recipient = t < 0 ? -1 : (int) number(b, end, MARK);
            if (recipient < 0) return false;
        } else {
            t = number(b, end, MARK);
            if (t < 0) return false;
        }
        sender = (int) s;
        g = gg;
        counter = c;
        sentAt = t;
        this.to = recipient;
        return true;
    }

    /** Digits up to {@code stop}; -1 when anything else comes first. Moves past the stop byte. */
    private long number(byte[] b, int end, int stop) {
        long n = 0;
        int start = pos;
        while (pos < end) {
            byte c = b[pos++];
            if (c == stop) return pos - 1 > start ? n : -1;
            if (c < '0' || c > '9' || pos - start > 18) return -1;
            n = n * 10 + (c - '0');
        }
        return -1;
    }
}

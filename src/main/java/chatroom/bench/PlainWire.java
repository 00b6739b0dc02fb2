package chatroom.bench;

import java.nio.charset.StandardCharsets;

/**
 * The plain door (docs/PROTOCOL.md): the name as the first line, then one line per
 * message. Received events start with {@code YYYY-MM-DD HH:MM:SS}; the bench finds its
 * {@link Payload} in the text, so it needs no more of the line's shape than that.
 */
final class PlainWire implements Wire {
    private static final byte[] WELCOME = "* welcome ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "! ".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public byte[] hello(String name) {
        return (name + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] say(String text) {
        return (text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] tell(String to, String text) {
        return ("@" + to + " " + text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The plain door has no pings: TCP keep-alive watches its connections. */
    @Override
    public byte[] pong() {
        return null;
    }

    @Override
    public Kind classify(byte[] b, int from, int to) {
        if (from >= to) return Kind.OTHER;
        byte first = b[from];
        if (first >= '0' && first <= '9') return Kind.MESSAGE; // joins and leaves too: they carry no payload
        if (Wire.startsWith(b, from, to, WELCOME)) return Kind.WELCOME;
        if (Wire.startsWith(b, from, to, ERROR)) return Kind.ERROR;
        return Kind.OTHER;
    }

    @Override
    public String errorCode(byte[] b, int from, int to) {
        int end = from + ERROR.length;
        while (end < to && b[end] != ':') end++;
        return new String(b, from + ERROR.length, end - from - ERROR.length, StandardCharsets.UTF_8);
    }
}

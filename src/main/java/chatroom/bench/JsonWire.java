package chatroom.bench;

import java.nio.charset.StandardCharsets;

/**
 * The structured door (docs/PROTOCOL.md, JSON Lines). Frames are sent without an
 * {@code id}: the bench tells its messages apart by their {@link Payload}. Names and
 * payloads are ASCII letters, digits and {@code . ~ _ -}, so nothing needs escaping.
 */
final class JsonWire implements Wire {
    private static final byte[] TYPE = ascii("\"type\":\"");
    private static final byte[] SEQ = ascii("\"seq\":");
    private static final byte[] CODE = ascii("\"code\":\"");
    /** The server pings a member that has been quiet for a while (--ping-after); idle bench clients answer. */
    private static final byte[] PONG = ascii("{\"type\":\"pong\"}\n");
    /** The type is the first field this server writes; look a little further for other writers. */
    private static final int TYPE_WITHIN = 64;

    @Override
    public String name() {
        return "json";
    }

    @Override
    public byte[] hello(String name) {
        return ascii("{\"type\":\"hello\",\"version\":1,\"name\":\"" + name + "\"}\n");
    }

    @Override
    public byte[] say(String text) {
        return ascii("{\"type\":\"say\",\"text\":\"" + text + "\"}\n");
    }

    @Override
    public byte[] tell(String to, String text) {
        return ascii("{\"type\":\"tell\",\"to\":[\"" + to + "\"],\"text\":\"" + text + "\"}\n");
    }

    @Override
    public byte[] pong() {
        return PONG.clone();
    }

    @Override
    public Kind classify(byte[] b, int from, int to) {
        int t = Wire.indexOf(b, from, Math.min(to, from + TYPE_WITHIN), TYPE);
        if (t < 0) return Kind.OTHER;
        int at = t + TYPE.length;
        if (at >= to) return Kind.OTHER;
        return switch (b[at]) {
            case 'm' -> is(b, at, to, "message\"") ? Kind.MESSAGE : Kind.OTHER;
            case 'p' -> is(b, at, to, "private\"") ? Kind.MESSAGE : is(b, at, to, "ping\"") ? Kind.PING : Kind.OTHER;
            case 'j' -> is(b, at, to, "joined\"") ? Kind.EVENT : Kind.OTHER;
            case 'l' -> is(b, at, to, "left\"") ? Kind.EVENT : Kind.OTHER;
            case 'w' -> is(b, at, to, "welcome\"") ? Kind.WELCOME : Kind.OTHER;
            case 'e' -> is(b, at, to, "error\"") ? Kind.ERROR : Kind.OTHER;
            default -> Kind.OTHER;
        };
    }

    @Override
    public long seq(byte[] b, int from, int to) {
        int s = Wire.indexOf(b, from, to, SEQ);
        if (s < 0) return -1;
        long n = 0;
        int i = s + SEQ.length;
        int start = i;
        while (i < to && b[i] >= '0' && b[i] <= '9') n = n * 10 + (b[i++] - '0');
        return i == start ? -1 : n;
    }

    @Override
    public String errorCode(byte[] b, int from, int to) {
        int c = Wire.indexOf(b, from, to, CODE);
        if (c < 0) return "error";
        int start = c + CODE.length;
        int end = start;
        while (end < to && b[end] != '"') end++;
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean is(byte[] b, int at, int to, String word) {
        if (to - at < word.length()) return false;
        for (int i = 0; i < word.length(); i++) if (b[at + i] != word.charAt(i)) return false;
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

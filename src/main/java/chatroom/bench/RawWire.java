package chatroom.bench;

import java.nio.charset.StandardCharsets;

/**
 * The raw door: a server that sends no welcome, no echo and no framing of its own, such as
 * {@code ncat --chat} (which relays each read with a {@code <userN> } prefix and greets
 * with {@code <announce>} lines) or the course's week13.py (which relays
 * {@code " YYYY-MM-DD HH:MM:SS name: text"} with no newline). A client counts as joined
 * once connected. The {@link IoLoop} hands this door only the payloads it found in the
 * byte stream ({@link LoadClient#scan}), never lines, so every slice is a message.
 */
final class RawWire implements Wire {
    private final RawStyle style;

    RawWire(RawStyle style) {
        this.style = style;
    }

    @Override
    public String name() {
        return "raw";
    }

    /** Null when the server wants nothing first (ncat). */
    @Override
    public byte[] hello(String name) {
        return switch (style.name()) {
            case "line" -> ascii(name + "\n");
            case "bare" -> ascii(name);
            default -> null;
        };
    }

    @Override
    public byte[] say(String text) {
        return ascii(style.unframed() ? text : text + "\n");
    }

    @Override
    public byte[] tell(String to, String text) {
        throw new UnsupportedOperationException("the raw door has no private messages");
    }

    @Override
    public byte[] pong() {
        return null;
    }

    @Override
    public Kind classify(byte[] b, int from, int to) {
        return Kind.MESSAGE;
    }

    @Override
    public String errorCode(byte[] b, int from, int to) {
        return "error";
    }

    @Override
    public boolean joinsOnConnect() {
        return true;
    }

    @Override
    public boolean writesEachMessage() {
        return style.unframed();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

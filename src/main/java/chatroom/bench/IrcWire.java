package chatroom.bench;

import java.nio.charset.StandardCharsets;

/**
 * The IRC door (docs/PROTOCOL.md, "IRC"), as an IRC client with echo-message speaks it,
 * so that a sender sees its own messages as the JSON and plain doors' senders do. Room
 * messages go to #lobby; the bench finds its {@link Payload} in a PRIVMSG's text.
 */
final class IrcWire implements Wire {
    private static final byte[] WELCOME = ":chatroom 001 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NUMERIC_ERROR = ":chatroom 4".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTICE = ":chatroom NOTICE ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINAL = "ERROR ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "PING ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRIVMSG = " PRIVMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOIN = " JOIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART = " PART ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUIT = " QUIT ".getBytes(StandardCharsets.US_ASCII);
    /** How far into a line its command is looked for: past the longest source (a 32-character name, "!chat@chatroom"). */
    private static final int COMMAND_WITHIN = 160;

    @Override
    public String name() {
        return "irc";
    }

    @Override
    public byte[] hello(String name) {
        return ("CAP REQ :echo-message\r\nNICK " + name + "\r\nUSER " + name + " 0 * :" + name + "\r\nCAP END\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] say(String text) {
        return ("PRIVMSG #lobby :" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] tell(String to, String text) {
        return ("PRIVMSG " + to + " :" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] pong() {
        return "PONG :chatroom\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Kind classify(byte[] b, int from, int to) {
        if (from >= to) return Kind.OTHER;
        if (Wire.startsWith(b, from, to, PING)) return Kind.PING;
        if (Wire.startsWith(b, from, to, WELCOME)) return Kind.WELCOME;
        if (Wire.startsWith(b, from, to, NUMERIC_ERROR) || Wire.startsWith(b, from, to, NOTICE)
                || Wire.startsWith(b, from, to, FINAL)) {
            return Kind.ERROR;
        }
        if (b[from] != ':' || Wire.startsWith(b, from, to, ":chatroom ".getBytes(StandardCharsets.US_ASCII))) return Kind.OTHER;
        int head = Math.min(to, from + COMMAND_WITHIN);
        if (Wire.indexOf(b, from, head, PRIVMSG) >= 0) return Kind.MESSAGE;
        if (Wire.indexOf(b, from, head, JOIN) >= 0 || Wire.indexOf(b, from, head, PART) >= 0
                || Wire.indexOf(b, from, head, QUIT) >= 0) {
            return Kind.EVENT;
        }
        return Kind.OTHER;
    }

    /** The numeric, or for a NOTICE or ERROR the chatroom code its text starts with ("rate-limited"). */
    @Override
    public String errorCode(byte[] b, int from, int to) {
        String line = new String(b, from, to - from, StandardCharsets.UTF_8);
        if (line.startsWith(":chatroom 4")) return line.substring(":chatroom ".length(), ":chatroom ".length() + 3);
        int text = line.indexOf(" :");
        String rest = text < 0 ? line : line.substring(text + 2);
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != ':') end++;
        return rest.substring(0, end);
    }
}

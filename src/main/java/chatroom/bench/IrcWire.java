package chatroom.bench;

import java.nio.charset.StandardCharsets;

/**
 * IRC, as the bench's clients speak it to chatroom's IRC door (docs/PROTOCOL.md, "IRC") or
 * to another IRC server (ngIRCd, for bench/compare.sh). To chatroom a client asks for
 * echo-message, so that a sender sees its own messages as the JSON and plain doors'
 * senders do, and counts as joined at the welcome (001): the door puts everyone in
 * #lobby. Another server puts nobody anywhere: the client JOINs #lobby right after
 * registering and counts as joined at the end of the channel's names (366); it asks for no
 * capability (the send window waits for the other members' receipts, never for an echo).
 * Room messages go to #lobby; the bench finds its {@link Payload} in a PRIVMSG's text.
 * Lines are read by their command, whatever the server calls itself.
 */
final class IrcWire implements Wire {
    private static final byte[] SPACE = {' '};
    private static final byte[] PING = "PING ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINAL = "ERROR ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRIVMSG = "PRIVMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTICE = "NOTICE ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOIN = "JOIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART = "PART ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUIT = "QUIT ".getBytes(StandardCharsets.US_ASCII);
    /** ERR_NOMOTD: a server without a message of the day says so with an error numeric, harmlessly. */
    private static final int NO_MOTD = 422;

    /** Whether the client JOINs #lobby itself (another server) rather than being put there (chatroom). */
    private final boolean joins;
    /** The numeric that makes a client joined: the welcome, or the end of #lobby's names. */
    private final int joined;

    IrcWire(boolean joins) {
        this.joins = joins;
        this.joined = joins ? 366 : 1;
    }

    @Override
    public String name() {
        return joins ? "ircd" : "irc";
    }

    @Override
    public byte[] hello(String name) {
        String register = "NICK " + name + "\r\nUSER " + name + " 0 * :" + name + "\r\n";
        String text = joins ? register + "JOIN #lobby\r\n" : "CAP REQ :echo-message\r\n" + register + "CAP END\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
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
        int at = afterTags(b, from, to);
        if (at >= to) return Kind.OTHER;
        if (b[at] != ':') {
            if (Wire.startsWith(b, at, to, PING)) return Kind.PING;
            return Wire.startsWith(b, at, to, FINAL) ? Kind.ERROR : Kind.OTHER;
        }
        boolean fromUser = false;
        int command = at;
        while (command < to && b[command] != ' ') {
            if (b[command] == '!') fromUser = true;
            command++;
        }
        command++;
        int numeric = numeric(b, command, to);
        if (numeric >= 0) {
            if (numeric == joined) return Kind.WELCOME;
            return numeric >= 400 && numeric < 600 && numeric != NO_MOTD ? Kind.ERROR : Kind.OTHER;
        }
        if (Wire.startsWith(b, command, to, PRIVMSG)) return Kind.MESSAGE;
        if (Wire.startsWith(b, command, to, JOIN) || Wire.startsWith(b, command, to, PART)
                || Wire.startsWith(b, command, to, QUIT)) {
            return Kind.EVENT;
        }
        // chatroom tells a refusal (rate-limited, …) as a NOTICE from the server
        return !fromUser && Wire.startsWith(b, command, to, NOTICE) ? Kind.ERROR : Kind.OTHER;
    }

    /** The numeric, or for a NOTICE or ERROR the chatroom code its text starts with ("rate-limited"). */
    @Override
    public String errorCode(byte[] b, int from, int to) {
        int at = afterTags(b, from, to);
        String line = new String(b, at, to - at, StandardCharsets.UTF_8);
        if (line.startsWith(":")) {
            int space = line.indexOf(' ');
            int command = space + 1;
            if (space > 0 && numeric(b, at + command, to) >= 0) return line.substring(command, command + 3);
        }
        int text = line.indexOf(" :");
        String rest = text < 0 ? line : line.substring(text + 2);
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != ':') end++;
        return rest.substring(0, end);
    }

    /** Where the line starts after its IRCv3 tags, if any. */
    private static int afterTags(byte[] b, int from, int to) {
        if (from >= to || b[from] != '@') return from;
        int space = Wire.indexOf(b, from, to, SPACE);
        return space < 0 ? to : space + 1;
    }

    /** The three-digit numeric at {@code at} (followed by a space or the end), or -1 for a named command. */
    private static int numeric(byte[] b, int at, int to) {
        if (at + 3 > to || (at + 3 < to && b[at + 3] != ' ')) return -1;
        int n = 0;
        for (int i = at; i < at + 3; i++) {
            if (b[i] < '0' || b[i] > '9') return -1;
            n = n * 10 + (b[i] - '0');
        }
        return n;
    }
}

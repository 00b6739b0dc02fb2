package chatroom.irc;

import chatroom.text.Sanitize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text between IRC and the other doors. In: formatting codes (bold, colours, …) are
 * dropped and a CTCP ACTION ({@code /me waves}) becomes the text {@code * alice waves},
 * so no other door ever sees a raw control character. Out: a message is one PRIVMSG
 * line per line of its text, each cut to fit IRC's 512 bytes, with control characters
 * shown as symbols, and {@code * alice waves} from alice an ACTION again.
 */
final class IrcText {
    /** What a CTCP message is wrapped in. */
    static final char CTCP = '\u0001';

    private IrcText() {}

    /** What a PRIVMSG's text from {@code nick} says in the chat, or null for a CTCP request other than ACTION (not carried). */
    static String fromIrc(String text, String nick) {
        if (!text.isEmpty() && text.charAt(0) == CTCP) {
            String inner = text.substring(1, text.endsWith(String.valueOf(CTCP)) && text.length() > 1 ? text.length() - 1 : text.length());
            if (!inner.startsWith("ACTION")) return null;
            String action = inner.length() > "ACTION".length() ? inner.substring("ACTION ".length()) : "";
            return "* " + nick + " " + withoutFormatting(action);
        }
        return withoutFormatting(text);
    }

    /** The text without IRC's formatting codes (and without any other control character but tab). */
    static String withoutFormatting(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0003') { // colour: up to two digits, then optionally a comma and up to two more
                i = digits(text, i + 1, 2) - 1;
                if (i + 2 < text.length() && text.charAt(i + 1) == ',' && Character.isDigit(text.charAt(i + 2))) {
                    i = digits(text, i + 2, 2) - 1;
                }
            } else if (c == '\u0004') { // hex colour: six hex digits, then optionally a comma and six more
                i = hex(text, i + 1) - 1;
                if (i + 2 < text.length() && text.charAt(i + 1) == ',') i = hex(text, i + 2) - 1;
            } else if (c >= 0x20 && c != 0x7F || c == '\t') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int digits(String text, int from, int most) {
        int i = from;
        while (i < text.length() && i - from < most && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
        return i;
    }

    private static int hex(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < 6 && Character.digit(text.charAt(i), 16) >= 0) i++;
        return i;
    }

    /**
     * The texts of the PRIVMSG lines that carry a chat message from {@code from}: one per
     * line, each at most {@code maxBytes} of UTF-8 (cut between characters), never empty.
     */
    static List<String> toIrc(String text, String from, int maxBytes) {
        List<String> out = new ArrayList<>();
        for (Piece p : pieces(text, from, maxBytes)) out.add(p.text().isEmpty() ? " " : p.text()); // IRC has no empty message
        return out;
    }

    /** One PRIVMSG's text of a message, and whether it continues the line before it (draft/multiline-concat). */
    record Piece(String text, boolean concat) {}

    /**
     * A chat message from {@code from} in pieces of at most {@code maxBytes}: each of its
     * lines, cut where it is too long (the cuts' pieces continue their line), a blank line
     * empty; {@code * alice waves} from alice as CTCP ACTIONs.
     */
    static List<Piece> pieces(String text, String from, int maxBytes) {
        String action = "* " + from + " ";
        List<Piece> out = new ArrayList<>();
        if (text.startsWith(action) && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            List<String> parts = cut(Sanitize.forTerminal(text.substring(action.length())), maxBytes - "\u0001ACTION \u0001".length());
            for (String p : parts) out.add(new Piece(CTCP + "ACTION " + p + CTCP, false));
            return out;
        }
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                out.add(new Piece("", false));
                continue;
            }
            boolean first = true;
            for (String p : cut(Sanitize.forTerminal(line), maxBytes)) {
                out.add(new Piece(p, !first));
                first = false;
            }
        }
        return out;
    }

    /** The line in pieces of at most {@code maxBytes} UTF-8 bytes; an empty line is one space (IRC has no empty message). */
    static List<String> cut(String line, int maxBytes) {
        if (line.isEmpty()) return List.of(" ");
        List<String> pieces = new ArrayList<>(1);
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int n = utf8Length(cp);
            if (bytes + n > maxBytes && i > start) {
                pieces.add(line.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        pieces.add(line.substring(start));
        return pieces;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

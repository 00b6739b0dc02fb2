package chatroom.irc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One IRC line, read or written (modern.ircdocs.horse, "Message format"):
 * {@code [@tags] [:source] COMMAND [params...] [:trailing]}. Reading is strict where a
 * guess would be wrong (a tag section or a source with nothing after it, a command that
 * is neither letters nor three digits) and lenient where clients differ (runs of spaces).
 */
record IrcMessage(Map<String, String> tags, String source, String command, List<String> params) {

    /** A line that cannot be read as IRC; the text says why, for a NOTICE. */
    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why);
        }
    }

    /** The {@code i}th parameter, or "" when there are fewer. */
    String param(int i) {
        return i < params.size() ? params.get(i) : "";
    }

    static IrcMessage parse(String line) throws Malformed {
        int at = 0;
        Map<String, String> tags = Map.of();
        if (line.startsWith("@")) {
            int end = line.indexOf(' ');
            if (end < 0) throw new Malformed("a line with tags needs a command after them");
            tags = tags(line.substring(1, end));
            at = skipSpaces(line, end);
        }
        String source = null;
        if (line.startsWith(":", at)) {
            int end = line.indexOf(' ', at);
            if (end < 0 || end == at + 1) throw new Malformed("a line with a source (':...') needs a command after it");
            source = line.substring(at + 1, end);
            at = skipSpaces(line, end);
        }
        int end = line.indexOf(' ', at);
        String command = line.substring(at, end < 0 ? line.length() : end);
        if (command.isEmpty()) throw new Malformed("the line has no command");
        if (!command.chars().allMatch(c -> c < 128 && Character.isLetter(c))
                && !(command.length() == 3 && command.chars().allMatch(c -> c >= '0' && c <= '9'))) {
            throw new Malformed("a command is letters or three digits, not '" + command + "'");
        }
        List<String> params = new ArrayList<>();
        at = end < 0 ? line.length() : skipSpaces(line, end);
        while (at < line.length()) {
            if (line.charAt(at) == ':') {
                params.add(line.substring(at + 1));
                break;
            }
            int next = line.indexOf(' ', at);
            params.add(line.substring(at, next < 0 ? line.length() : next));
            at = next < 0 ? line.length() : skipSpaces(line, next);
        }
        return new IrcMessage(tags, source, command.toUpperCase(java.util.Locale.ROOT), List.copyOf(params));
    }

    private static int skipSpaces(String line, int at) {
        while (at < line.length() && line.charAt(at) == ' ') at++;
        return at;
    }

    private static Map<String, String> tags(String section) throws Malformed {
        if (section.isEmpty()) throw new Malformed("'@' must be followed by tags");
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : section.split(";", -1)) {
            if (tag.isEmpty()) continue; // a trailing ';' is tolerated
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (!key.matches("\\+?([A-Za-z0-9.-]+/)?[A-Za-z0-9-]+")) throw new Malformed("'" + key + "' is not a tag name");
            tags.put(key, eq < 0 ? "" : unescape(tag.substring(eq + 1)));
        }
        return tags;
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (i + 1 < value.length()) {
                char n = value.charAt(++i);
                out.append(switch (n) {
                    case ':' -> ';';
                    case 's' -> ' ';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> n; // "\\" and any other escaped character: the character itself
                });
            }
        }
        return out.toString();
    }

    /** Tags in the order given ({@code key, value, key, value…}), as they are written. */
    static Map<String, String> tags(String... keysAndValues) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) tags.put(keysAndValues[i], keysAndValues[i + 1]);
        return tags;
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case ';' -> out.append("\\:");
                case ' ' -> out.append("\\s");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * One line to send, with its CR LF: {@code tags} (may be empty; its values escaped here),
     * the source, the command and the parameters, the last one after ':' when it needs to be.
     */
    static String line(Map<String, String> tags, String source, String command, String... params) {
        // As most servers write it: a last parameter that is text (a message, a reason, a numeric's words) always
        // after ':', so simple clients that take "everything after ' :'" read it right; a JOIN's channel, a
        // BATCH's reference and AUTHENTICATE's '+' are not text.
        boolean textLast = !command.equals("JOIN") && !command.equals("BATCH") && !command.equals("AUTHENTICATE");
        StringBuilder out = new StringBuilder(64);
        if (!tags.isEmpty()) {
            out.append('@');
            boolean first = true;
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (!first) out.append(';');
                first = false;
                out.append(t.getKey());
                if (!t.getValue().isEmpty()) out.append('=').append(escape(t.getValue()));
            }
            out.append(' ');
        }
        if (source != null) out.append(':').append(source).append(' ');
        out.append(command);
        for (int i = 0; i < params.length; i++) {
            String p = params[i];
            boolean last = i == params.length - 1;
            out.append(' ');
            if (last && (textLast || p.isEmpty() || p.indexOf(' ') >= 0 || p.startsWith(":"))) out.append(':');
            out.append(p);
        }
        return out.append("\r\n").toString();
    }
}

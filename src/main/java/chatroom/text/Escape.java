package chatroom.text;

/** Escaping so that nothing inside a message can forge a line of a log file. */
public final class Escape {
    private Escape() {}

    /** Newline, return, tab and backslash as two-character escapes; other control characters as a six-character unicode escape. */
    public static String forLog(String text) {
        return replaceEach(text, c -> switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            default -> isControl(c) ? String.format("\\u%04X", (int) c) : null;
        });
    }

    /** What a character becomes, or null to keep it. */
    interface Replacement {
        String of(char c);
    }

    /** The text with each character replaced as told; the same string when nothing changes. */
    static String replaceEach(String text, Replacement replacement) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String r = replacement.of(c);
            if (r != null && out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
            if (out != null) {
                if (r != null) out.append(r);
                else out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * C0, DEL, C1, the line and paragraph separators, which some viewers break on, and
     * the bidi controls, which can make a line read as something it is not.
     */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || isBidiControl(c);
    }

    static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }
}

package chatroom.testing;

/** What a terminal would obey rather than print, for asserting that none of it reaches one. */
public final class TerminalText {
    private TerminalText() {}

    /**
     * Whether the line holds a C0 or C1 control, DEL, a bidi control, or the line or
     * paragraph separator: anything that could move the cursor, clear the screen, set a
     * title, or make the line read as something else.
     */
    public static boolean hasRawControl(String line) {
        return line.chars().anyMatch(TerminalText::isRawControl);
    }

    public static boolean isRawControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E || c == 0x200F || c == 0x061C || c == 0x2028 || c == 0x2029;
    }

    /**
     * Whether the line holds a control character (C0, DEL, C1) or the line or paragraph
     * separator: what the server log must escape so that nothing can forge a line of it
     * (SPEC §4 "Records"). Bidi controls are not among them: they reorder how a line
     * looks but cannot end it.
     */
    public static boolean hasControlCharacter(String line) {
        return line.chars().anyMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029);
    }

    /** The line with every such character shown as its escape, for failure messages. */
    public static String visible(String line) {
        StringBuilder out = new StringBuilder();
        line.chars().forEach(c -> {
            if (isRawControl(c)) out.append(String.format("\\u%04x", c));
            else out.append((char) c);
        });
        return out.toString();
    }
}

package chatroom.text;

/**
 * Makes text from other people safe to print on a terminal: escape sequences and other
 * control characters are shown as visible symbols instead of being obeyed, and bidi
 * overrides, which can make a line read as something else, are shown as their code.
 */
public final class Sanitize {
    private Sanitize() {}

    /** One line of text (no line breaks survive: they are made visible too). */
    public static String forTerminal(String text) {
        return Escape.replaceEach(text, Sanitize::replacement);
    }

    private static String replacement(char c) {
        if (c == '\t') return "    ";
        if (c < 0x20) return String.valueOf((char) (0x2400 + c)); // U+2400..241F: ␛ for ESC, ␀ for NUL
        if (c == 0x7F) return "\u2421"; // ␡
        if (c >= 0x80 && c <= 0x9F) return String.format("<U+%04X>", (int) c);
        if (Escape.isBidiControl(c) || c == '\u2028' || c == '\u2029') return String.format("<U+%04X>", (int) c);
        return null;
    }

}

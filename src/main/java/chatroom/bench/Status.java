package chatroom.bench;

/**
 * The progress line, written by the I/O thread a few times a second and read by the
 * thread that prints it. Only built when someone watches (stderr is a terminal).
 */
final class Status {
    private static final long EVERY_NANOS = 250_000_000L;

    private final boolean wanted;
    private volatile String line = "";
    private long last;

    Status(boolean wanted) {
        this.wanted = wanted;
    }

    /** Whether it is time for a new line; the caller then builds it and calls {@link #set}. */
    boolean due(long now) {
        if (!wanted || now - last < EVERY_NANOS) return false;
        last = now;
        return true;
    }

    void set(String text) {
        line = text;
    }

    String line() {
        return line;
    }

    /** {@code [#####-----]} for a fraction from 0 to 1. */
    static String bar(double fraction) {
        int width = 20;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }
}

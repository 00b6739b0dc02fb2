package chatroom.history;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteException;

/**
 * Tells the person running the server, in one line on stderr, that the store cannot be
 * written (or read), and in one more that it can again (after a minute without a failure):
 * an outage is not a line per refused message. Members are told separately, in words of the chat's own (no SQLite text).
 */
final class Trouble {
    /**
     * An outage ends only after this long without a failure: a damaged file fails some
     * queries and answers others, and a line per flip would flood the console.
     */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path file;
    private final Outage writing;
    private final Outage reading;

    /** {@code out} null says nothing: a reader of its own ({@code chatroom history}) reports its failures itself. */
    Trouble(Path file, PrintStream out) {
        this.file = file;
        this.writing = new Outage(out, "chatroom: cannot write the history store " + file + " (", "); messages are refused until it can be",
                "chatroom: the history store " + file + " can be written again");
        this.reading = new Outage(out, "chatroom: cannot read the history store " + file + " (",
                "); past messages are not shown (replay, /history, /search) and rooms that are not open cannot be entered until it can be",
                "chatroom: the history store " + file + " can be read again");
    }

    Path file() {
        return file;
    }

    void writeFailed(String why) {
        writing.failed(why);
    }

    void wrote() {
        writing.worked();
    }

    void readFailed(String why) {
        reading.failed(why);
    }

    void read() {
        reading.worked();
    }

    /** One kind of failure: a line when it starts, one when it has stayed away for {@link #QUIET_NANOS}. */
    private static final class Outage {
        private final PrintStream out;
        private final String before;
        private final String after;
        private final String ended;
        private final AtomicBoolean on = new AtomicBoolean();
        private volatile long lastFailure;

        /** The line when it starts is {@code before}, why, {@code after}. */
        Outage(PrintStream out, String before, String after, String ended) {
            this.out = out;
            this.before = before;
            this.after = after;
            this.ended = ended;
        }

        void failed(String why) {
            lastFailure = System.nanoTime();
            if (on.compareAndSet(false, true) && out != null) out.println(before + why + after);
        }

        void worked() {
            if (on.get() && System.nanoTime() - lastFailure > QUIET_NANOS && on.compareAndSet(true, false) && out != null) {
                out.println(ended);
            }
        }
    }

    /**
     * SQLite's failure in a few words, by its result code: sqlite-jdbc's own message repeats
     * itself ("[SQLITE_CORRUPT] The database disk image is malformed (database disk image is malformed)").
     */
    static String why(SQLException e) {
        if (!(e instanceof SQLiteException s)) return String.valueOf(e.getMessage());
        String code = s.getResultCode().name();
        String words;
        if (code.startsWith("SQLITE_READONLY")) words = "the file is read-only";
        else if (code.startsWith("SQLITE_CORRUPT") || code.equals("SQLITE_NOTADB")) words = "the file is damaged";
        else if (code.equals("SQLITE_FULL")) words = "the disk is full";
        else if (code.startsWith("SQLITE_IOERR")) words = "an input/output error";
        else if (code.startsWith("SQLITE_CANTOPEN")) words = "the file cannot be opened";
        else if (code.startsWith("SQLITE_PERM") || code.startsWith("SQLITE_AUTH")) words = "permission denied";
        else if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) words = "another process holds the file locked";
        else words = s.getResultCode().message.toLowerCase(Locale.ROOT);
        return words + ", " + code;
    }
}

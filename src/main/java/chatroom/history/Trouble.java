package chatroom.history;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteException;

/**
 * Tells the person running the server, in one line on stderr, that the store cannot be
 * written (or read), and in one more that it can again: an outage is not a line per
 * refused message. Members are told separately, in words of the chat's own (no SQLite text).
 */
final class Trouble {
    private final Path file;
    private final PrintStream out;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean reading = new AtomicBoolean();

    /** {@code out} null says nothing: a reader of its own ({@code chatroom history}) reports its failures itself. */
    Trouble(Path file, PrintStream out) {
        this.file = file;
        this.out = out;
    }

    Path file() {
        return file;
    }

    void writeFailed(String why) {
        if (writing.compareAndSet(false, true) && out != null) {
            out.println("chatroom: cannot write the history store " + file + " (" + why + "); messages are refused until it can be");
        }
    }

    void wrote() {
        if (writing.get() && writing.compareAndSet(true, false) && out != null) out.println("chatroom: the history store " + file + " can be written again");
    }

    void readFailed(String why) {
        if (reading.compareAndSet(false, true) && out != null) {
            out.println("chatroom: cannot read the history store " + file + " (" + why
                    + "); past messages are not shown (replay, /history, /search) and rooms that are not open cannot be entered until it can be");
        }
    }

    void read() {
        if (reading.get() && reading.compareAndSet(true, false) && out != null) out.println("chatroom: the history store " + file + " can be read again");
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

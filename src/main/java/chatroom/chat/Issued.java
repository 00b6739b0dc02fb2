package chatroom.chat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The highest room numbers and private id given out so far, so that none is given twice.
 * The history store alone cannot say: a message it refused, or a join or leave it could
 * not take, has a number in the server log and none in the store, and a store that was
 * emptied or replaced knows nothing at all. So at start the server reads its logs for
 * the numbers they hold ({@link #fromLog}), and while it runs a room that closes leaves
 * its last number here for when it opens again. Numbering goes on after the higher of
 * this and the store.
 */
public final class Issued {
    /** Reads every line of the server's earlier logs, oldest first. */
    @FunctionalInterface
    public interface LogSource {
        void eachLine(Consumer<String> line) throws IOException;
    }

    /** How many rooms the start line names where the log is ahead of the store; the rest are counted. */
    private static final int NAMED = 5;

    private final Map<String, Long> rooms = new ConcurrentHashMap<>();
    private final AtomicLong privateId = new AtomicLong();

    /** Nothing issued yet: a chat with no earlier log. */
    public Issued() {}

    /** The numbers in the log lines {@code source} reads. */
    public static Issued fromLog(LogSource source) throws IOException {
        Issued issued = new Issued();
        source.eachLine(issued::scan);
        return issued;
    }

    /**
     * Notes the numbers of one log line ({@code TIMESTAMP WORD …}, see {@link LogLines}).
     * A line a crash cut short can only end in a prefix of its number, which is lower: harmless.
     */
    void scan(String line) {
        String[] f = line.split(" ", 5);
        if (f.length < 3) return;
        try {
            switch (f[1]) {
                case "MSG", "JOIN", "LEAVE" -> {
                    if (f.length > 3 && !f[3].equals("-")) room(f[2], f[3]);
                }
                case "PRIVATE" -> privateId.accumulateAndGet(number(f[2]), Math::max);
                case "UNSTORED" -> {
                    if (f.length < 4) return;
                    if (f[2].equals("PRIVATE")) privateId.accumulateAndGet(number(f[3]), Math::max);
                    else room(f[2], f[3]);
                }
                default -> { }
            }
        } catch (NumberFormatException e) {
            // Not a line this server wrote whole: it holds no number to keep.
        }
    }

    private void room(String room, String seq) {
        // Keyed again: logs from before the keys took the search's case folding spell some
        // rooms otherwise (#οδος is now #οδοσ), and their numbers are that room's.
        if (room.startsWith("#")) note(Names.room(room), number(seq));
    }

    private static long number(String s) {
        return Long.parseLong(s.endsWith(":") ? s.substring(0, s.length() - 1) : s);
    }

    /** A room's last number, as it closes (or as a log shows it). */
    void note(String room, long seq) {
        rooms.merge(room, seq, Math::max);
    }

    long lastSeq(String room) {
        return rooms.getOrDefault(room, 0L);
    }

    long lastPrivateId() {
        return privateId.get();
    }

    /**
     * Where the log holds higher numbers than {@code store}, in words for the server's start
     * line ({@code #lobby after 1199 (the history store has up to 1196), …}); empty when the
     * store has them all. Throws UncheckedIOException when the store cannot be read.
     */
    public String aheadOf(HistoryStore store) {
        List<String> ahead = new ArrayList<>();
        long storedPrivate = store.lastPrivateId();
        if (privateId.get() > storedPrivate) {
            ahead.add("private ids after " + privateId.get() + " (the history store has up to " + storedPrivate + ")");
        }
        int more = 0;
        for (Map.Entry<String, Long> room : new TreeMap<>(rooms).entrySet()) {
            long stored = store.lastSeq(room.getKey());
            if (room.getValue() <= stored) continue;
            if (ahead.size() < NAMED) {
                ahead.add(room.getKey() + " after " + room.getValue() + " (the history store has up to " + stored + ")");
            } else {
                more++;
            }
        }
        if (more > 0) ahead.add("and " + more + " more " + (more == 1 ? "room" : "rooms"));
        return String.join(", ", ahead);
    }
}

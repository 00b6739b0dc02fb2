package chatroom.history;

import chatroom.chat.HistoryStore;
import chatroom.chat.SearchResult;
import chatroom.chat.StoredEvent;
import chatroom.files.Owner;
import chatroom.text.Fold;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: {@code history.db} in the server's data directory, SQLite in WAL
 * mode. Appenders write through one {@link GroupCommitWriter}, one at a time, each committing all
 * that is queued (group commit); a {@link ReaderPool} reads alongside
 * it. With synchronous=NORMAL a commit is in the WAL file (handed to the operating system)
 * when append returns, so a process crash loses nothing acknowledged; FULL (--fsync) also
 * forces the WAL to disk at each commit, for power loss.
 */
public final class SqliteHistoryStore implements HistoryStore {
    public static final String FILE = "history.db";
    /** The search index's file, beside {@link #FILE}: derived from it, built again whenever it is missing or damaged. */
    public static final String INDEX_FILE = SearchIndexFile.FILE;
    /** How long a connection waits for another's lock (a migration, a checkpoint) before failing. */
    private static final int BUSY_TIMEOUT_MS = 5_000;
    /** SQLite's own default: the index's WAL is copied into its file once it reaches this many pages. */
    private static final int INDEX_AUTOCHECKPOINT_PAGES = 1000;
    /** Each room adds a subquery to a search; SQLite allows 500 in one statement. */
    static final int MAX_SEARCH_ROOMS = 100;

    /**
     * {@code groupCommit} false commits each event alone: only for measuring what sharing commits saves.
     * {@code searchIndexer} false leaves what is written out of the search index until a later open: for tests.
     */
    public record Options(boolean fsync, boolean groupCommit, boolean searchIndexer) {
        public Options(boolean fsync, boolean groupCommit) {
            this(fsync, groupCommit, true);
        }
    }

    private final GroupCommitWriter writer; // null when opened read-only
    private final SearchIndexer indexer; // null when opened read-only
    private final Checkpointer checkpointer; // null when opened read-only
    private final ReaderPool readers;
    /** The search index's file, {@link SearchIndexFile}; null for a store older than its schema version 5, which has no id to match. */
    private final Path index;

    private SqliteHistoryStore(GroupCommitWriter writer, SearchIndexer indexer, Checkpointer checkpointer, ReaderPool readers,
            Path index) {
        this.writer = writer;
        this.indexer = indexer;
        this.checkpointer = checkpointer;
        this.readers = readers;
        this.index = index;
    }

    /** Opens (creating it, 0600 in a 0700 folder, if need be) and migrates the store in {@code dataDir}. */
    public static SqliteHistoryStore open(Path dataDir, boolean fsync) throws IOException {
        return open(dataDir, new Options(fsync, true));
    }

    public static SqliteHistoryStore open(Path dataDir, Options options) throws IOException {
        return open(dataDir, options, System.err);
    }

    /**
     * As {@link #open(Path, Options)}, saying on {@code warnings} (one line each) when the
     * store stops being writable or readable while in use, and when it is again. Every
     * IOException's message names the file and says why, for a line on the console.
     */
    public static SqliteHistoryStore open(Path dataDir, Options options, PrintStream warnings) throws IOException {
        Path file = Owner.databaseFile(dataDir, FILE, "history store");
        String url = url(file);
        Trouble trouble = new Trouble(file, warnings);
        try {
            try (Connection c = config(options.fsync(), false).createConnection(url)) {
                Schema.migrate(c);
                checkWritable(c);
            }
            Opener writable = () -> config(options.fsync(), false).createConnection(url);
            var writer = new GroupCommitWriter(writable, options.groupCommit() ? GroupCommitWriter.MAX_BATCH : 1, trouble);
            Path index = dataDir.resolve(SearchIndexFile.FILE);
            var indexer = new SearchIndexer(dataDir, file, () -> indexConfig().createConnection(url(index)), warnings, writer);
            indexer.open(); // before the first append (SearchIndexer.open)
            if (options.searchIndexer()) indexer.start();
            var checkpointer = new Checkpointer(writable, writer);
            checkpointer.start();
            return new SqliteHistoryStore(writer, indexer, checkpointer,
                    new ReaderPool(() -> config(false, true).createConnection(url), trouble), index);
        } catch (SQLException e) {
            throw new IOException("cannot use the history store " + file + ": " + Trouble.why(e), e);
        }
    }

    /**
     * SQLite opens a file it may not write (immutable, on a read-only mount) read-only
     * without a word, and only the first message would find out: so write something now.
     * Setting the schema version to itself is a real write, to the WAL, and changes nothing.
     */
    private static void checkWritable(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                s.execute("PRAGMA user_version = " + Schema.version(c));
                s.execute("COMMIT");
            } catch (SQLException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Opens an existing store for reading only, beside a server that may be writing it
     * (WAL allows that); append fails. Nothing is created or migrated.
     */
    public static SqliteHistoryStore openReadOnly(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) throw new IOException("no history store at " + file);
        String url = url(file);
        var readers = new ReaderPool(() -> config(false, true).createConnection(url), new Trouble(file, null));
        int version = readers.readChecked(Schema::version);
        if (version == 0) throw new IOException(file + " holds no history yet");
        Schema.check(version);
        return new SqliteHistoryStore(null, null, null, readers, version >= 5 ? dataDir.resolve(SearchIndexFile.FILE) : null);
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /**
     * The search index's connection: at synchronous=NORMAL even with --fsync (what a power cut takes of the index
     * is indexed again), and checkpointing its own WAL, on the indexer's thread that no message waits for.
     */
    private static SQLiteConfig indexConfig() {
        SQLiteConfig config = config(false, false);
        config.setWalAutocheckpoint(INDEX_AUTOCHECKPOINT_PAGES);
        return config;
    }

    private static SQLiteConfig config(boolean fsync, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setReadOnly(readOnly);
        if (!readOnly) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(fsync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            config.setWalAutocheckpoint(0); // the Checkpointer's, off the commit that messages wait for
        }
        return config;
    }

    @Override
    public long append(StoredEvent e) throws IOException {
        if (writer == null) throw new IOException("the history store is open read-only");
        return writer.append(e, Fold.of(e.text()));
    }

    @Override
    public CompletableFuture<Long> queue(StoredEvent e) {
        if (writer == null) return CompletableFuture.failedFuture(new IOException("the history store is open read-only"));
        return writer.queue(e, Fold.of(e.text()));
    }

    @Override
    public void commit() {
        if (writer != null) writer.drain();
    }

    /** Commits made so far; fewer than appends when appends shared commits. */
    public long commits() {
        return writer == null ? 0 : writer.commits();
    }

    @Override
    public long lastSeq(String room) {
        return readers.read(c -> single(c, "SELECT coalesce(max(seq), 0) FROM events WHERE room = ? AND seq > 0", room));
    }

    @Override
    public long lastPrivateId() {
        return readers.read(c -> single(c, "SELECT coalesce(max(private_id), 0) FROM events WHERE private_id > 0"));
    }

    @Override
    public List<StoredEvent> before(String room, long beforeId, int limit, long viewer) {
        int n = page(limit);
        if (n == 0) return List.of();
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE id IN ("
                + "SELECT id FROM (SELECT id FROM events WHERE room = ? AND kind = 'MESSAGE' AND id < ? ORDER BY id DESC LIMIT ?)"
                + " UNION ALL "
                + "SELECT id FROM (SELECT event_id AS id FROM parties WHERE party = ? AND event_id < ? ORDER BY event_id DESC LIMIT ?)"
                + ") ORDER BY id DESC LIMIT ?";
        return newestLast(readers.read(c -> list(c, sql, room, beforeId, n, viewer, beforeId, n, n)));
    }

    @Override
    public List<StoredEvent> after(String room, long afterSeq, int limit) {
        int n = page(limit);
        if (n == 0) return List.of();
        // "seq > 0" spelled out lets SQLite use the partial index on (room, seq).
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE room = ? AND seq > 0 AND seq > ? ORDER BY seq LIMIT ?";
        return readers.read(c -> list(c, sql, room, afterSeq, n));
    }

    @Override
    public List<StoredEvent> messages(String room, long afterSeq, long beforeSeq, int limit, boolean newest) {
        int n = page(limit);
        if (n == 0 || beforeSeq - afterSeq < 2) return List.of();
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE room = ? AND seq > 0 AND seq > ? AND seq < ?"
                + " AND kind = 'MESSAGE' ORDER BY seq " + (newest ? "DESC" : "") + " LIMIT ?";
        List<StoredEvent> found = readers.read(c -> list(c, sql, room, afterSeq, beforeSeq, n));
        return newest ? newestLast(found) : found;
    }

    @Override
    public StoredEvent firstFrom(String room, long seq) {
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE room = ? AND seq > 0 AND seq >= ? ORDER BY seq LIMIT 1";
        List<StoredEvent> found = readers.read(c -> list(c, sql, room, seq));
        return found.isEmpty() ? null : found.getFirst();
    }

    @Override
    public SearchResult search(Collection<String> rooms, String query, long viewer, long beforeId, int limit, int maxScan) {
        if (query.isEmpty()) throw new IllegalArgumentException("an empty search would match everything");
        Set<String> distinct = new LinkedHashSet<>(rooms);
        if (distinct.size() > MAX_SEARCH_ROOMS) throw new IllegalArgumentException("search in at most " + MAX_SEARCH_ROOMS + " rooms");
        int n = page(limit);
        if (n == 0) return SearchResult.complete(List.of());
        String folded = Fold.of(query);
        boolean trigrams = index != null && folded.codePointCount(0, folded.length()) >= TRIGRAM;
        return readers.read(c -> {
            if (trigrams && SearchIndexFile.attach(c, index)) {
                try {
                    // Behind by more than a search may read one by one (it is being built): the bounded scan instead.
                    if (SearchIndexFile.behind(c) <= maxScan) {
                        List<Object> args = new ArrayList<>();
                        return walk(c, indexedWalk(distinct, folded, viewer, beforeId, maxScan, args), args, n, maxScan, beforeId);
                    }
                } catch (SQLException e) {
                    if (Thread.currentThread().isInterrupted()) throw e;
                    // A damaged index (the indexer builds it again): the store itself answers below.
                } finally {
                    SearchIndexFile.detach(c);
                }
            }
            List<Object> args = new ArrayList<>();
            return walk(c, scanWalk(distinct, folded, viewer, beforeId, maxScan, args), args, n, maxScan, beforeId);
        });
    }

    /** Runs a walk: rows newest first, each with whether it matches; stops at a page of matches or at the bound. */
    private static SearchResult walk(Connection c, String walk, List<Object> args, int n, int maxScan, long beforeId) throws SQLException {
        List<Long> hits = new ArrayList<>();
        int scanned = 0;
        long lowest = beforeId;
        try (PreparedStatement s = prepare(c, walk, args.toArray()); ResultSet r = s.executeQuery()) {
            while (hits.size() < n && r.next()) {
                scanned++;
                lowest = r.getLong(1);
                if (r.getBoolean(2)) hits.add(lowest);
            }
        }
        boolean stopped = hits.size() < n && scanned >= maxScan;
        List<StoredEvent> found = hits.isEmpty() ? List.of() : newestLast(byIds(c, hits));
        return new SearchResult(found, stopped, scanned, stopped ? lowest : 0);
    }

    /** Fewer characters than this cannot use the trigram index. */
    private static final int TRIGRAM = 3;

    /**
     * The matches, newest first, each with whether this viewer may see it here (a message
     * of one of the rooms, or a private message they are a party to): the index's up to
     * where it reaches (its {@code indexed_to}), and after it (the few the indexer has yet
     * to add) each message read and compared, in one statement. The index gives the messages
     * holding all of the query's trigrams, and each is compared exactly, as the others are.
     * The bound counts matches in other rooms too: the walk is what costs.
     */
    private static String indexedWalk(Set<String> rooms, String folded, long viewer, long beforeId, int maxScan, List<Object> args) {
        String marks = String.join(", ", Collections.nCopies(rooms.size(), "?"));
        String visible = "(e.kind = 'MESSAGE' AND e.room IN (" + marks + "))"
                + " OR (e.kind = 'PRIVATE' AND EXISTS (SELECT 1 FROM parties p WHERE p.party = ? AND p.event_id = e.id))";
        String indexedTo = SearchIndexFile.INDEXED_TO;
        args.addAll(rooms);
        Collections.addAll(args, viewer, beforeId, folded);
        args.addAll(rooms);
        Collections.addAll(args, viewer, SearchIndexFile.match(folded), beforeId, folded, maxScan);
        return "SELECT e.id, " + visible + " FROM events e"
                + " WHERE e.id > " + indexedTo + " AND e.id < ? AND e.kind IN ('MESSAGE', 'PRIVATE') AND instr(e.folded_text, ?) > 0"
                + " UNION ALL"
                + " SELECT f.rowid, " + visible + " FROM " + SearchIndexFile.INDEX + ".events_fts f JOIN events e ON e.id = f.rowid"
                + " WHERE f.events_fts MATCH ? AND f.rowid < ? AND f.rowid <= " + indexedTo + " AND instr(e.folded_text, ?) > 0"
                + " ORDER BY 1 DESC LIMIT ?";
    }

    /**
     * Too short for the index: the rooms' messages and the viewer's private messages,
     * newest first, at most {@code maxScan} of them, each with whether it holds the query.
     * instr() compares exactly, so % and _ in a query are just characters.
     */
    private static String scanWalk(Set<String> rooms, String folded, long viewer, long beforeId, int maxScan,
            List<Object> args) {
        StringBuilder ids = new StringBuilder();
        args.add(folded);
        for (String room : rooms) {
            ids.append("SELECT id FROM (SELECT id FROM events WHERE room = ? AND kind = 'MESSAGE' AND id < ?"
                    + " ORDER BY id DESC LIMIT ?) UNION ALL ");
            Collections.addAll(args, room, beforeId, maxScan);
        }
        ids.append("SELECT id FROM (SELECT event_id AS id FROM parties WHERE party = ? AND event_id < ?"
                + " ORDER BY event_id DESC LIMIT ?)");
        Collections.addAll(args, viewer, beforeId, maxScan, maxScan);
        return "SELECT e.id, instr(e.folded_text, ?) > 0 FROM (SELECT id FROM (" + ids + ") ORDER BY id DESC LIMIT ?) w"
                + " JOIN events e ON e.id = w.id ORDER BY e.id DESC";
    }

    /** These events, newest first. */
    private static List<StoredEvent> byIds(Connection c, List<Long> ids) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return list(c, "SELECT " + EventRows.COLUMNS + " FROM events WHERE id IN (" + marks + ") ORDER BY id DESC",
                ids.toArray());
    }

    @Override
    public int readers() {
        return ReaderPool.MAX_READERS;
    }

    @Override
    public void export(String room, Instant since, Consumer<StoredEvent> sink) throws IOException {
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE (? IS NULL OR room = ?) AND time_ms >= ? ORDER BY id";
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        readers.readChecked(c -> {
            try (PreparedStatement s = prepare(c, sql, room, room, from); ResultSet r = s.executeQuery()) {
                while (r.next()) sink.accept(EventRows.read(r));
            }
            return null;
        });
    }

    @Override
    public Set<String> rooms() {
        return readers.read(c -> {
            Set<String> rooms = new LinkedHashSet<>();
            try (PreparedStatement s = prepare(c, "SELECT DISTINCT room FROM events WHERE room IS NOT NULL ORDER BY room");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) rooms.add(r.getString(1));
            }
            return Collections.unmodifiableSet(rooms);
        });
    }

    @Override
    public void close() {
        // Readers first, so the writer's is the last connection: SQLite then checkpoints and removes the WAL file.
        readers.close();
        if (indexer != null) indexer.close();
        if (checkpointer != null) checkpointer.close();
        if (writer != null) writer.close();
    }

    /**
     * sqlite-jdbc copies its native library into the temporary folder at each start and
     * deletes the copy at a normal JVM exit. The server ends with {@code Runtime.halt}
     * (so that a stop by SIGTERM exits 0), which skips that: without this, every start
     * would leave a megabyte behind in /tmp. On Linux the copy is the mapped file named
     * in /proc/self/maps; elsewhere this does nothing. Deleting a mapped file is safe there.
     */
    public static void deleteExtractedLibrary() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return;
        try (var lines = Files.lines(maps)) {
            lines.map(l -> l.indexOf('/') < 0 ? "" : l.substring(l.indexOf('/')))
                    .filter(p -> p.endsWith("-libsqlitejdbc.so")) // sqlite-VERSION-UUID-libsqlitejdbc.so, never an installed one
                    .distinct()
                    .forEach(p -> {
                        try {
                            Files.deleteIfExists(Path.of(p + ".lck"));
                            Files.deleteIfExists(Path.of(p));
                        } catch (IOException e) {
                            // Someone else's to clean then; the server is stopping either way.
                        }
                    });
        } catch (IOException | java.io.UncheckedIOException e) {
            // No map to read: nothing to clean.
        }
    }

    private static int page(int limit) {
        return Math.clamp(limit, 0, MAX_PAGE);
    }

    private static List<StoredEvent> newestLast(List<StoredEvent> newestFirst) {
        return newestFirst.reversed();
    }

    private static long single(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static List<StoredEvent> list(Connection c, String sql, Object... args) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            while (r.next()) events.add(EventRows.read(r));
        }
        return events;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
        } catch (SQLException e) {
            s.close();
            throw e;
        }
        return s;
    }
}

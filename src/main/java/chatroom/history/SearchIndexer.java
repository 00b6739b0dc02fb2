package chatroom.history;

import chatroom.files.Owner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Fills the search index ({@link SearchIndexFile}) behind the commits, on a thread and a
 * connection of its own: it reads what the store committed and writes the index file, so it
 * never holds the store's write lock and a commit never waits for it. It indexes in large
 * transactions (an FTS5 entry costs less the more share one, docs/PERFORMANCE.md): after
 * one of fewer than {@link #BATCH} ids it lets the next batch gather for {@link #PAUSE_NANOS},
 * then sleeps until a commit if there is none. A search meanwhile reads the index up to
 * where it reaches and the few messages after it one by one, so nothing said is unfindable.
 */
final class SearchIndexer extends CommitFollower {
    /** Ids per transaction at most: a backlog (a rebuild) is indexed in transactions of this many. */
    static final int BATCH = 4096;
    /** How long a batch may gather: the unindexed tail a search reads one by one stays at most this much of traffic. */
    static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final String GATHER = "INSERT INTO temp.pending (id, folded_text) SELECT id, folded_text FROM "
            + SearchIndexFile.STORE + ".events WHERE id > ? AND id <= ? AND kind IN ('MESSAGE', 'PRIVATE') AND folded_text IS NOT NULL";
    private static final String NEWEST = "SELECT coalesce(max(id), 0) FROM " + SearchIndexFile.STORE + ".events";

    private final Path dataDir;
    private final Path storeFile;
    private final Opener opener;
    private final PrintStream warnings;

    /** The indexer's thread's alone. */
    private Connection connection;
    private PreparedStatement gather;
    private PreparedStatement insert;
    private PreparedStatement clear;
    private PreparedStatement advance;
    private PreparedStatement newest;
    private long indexedTo;

    /**
     * {@code opener} opens the index file {@link SearchIndexFile#FILE} in {@code dataDir};
     * {@code storeFile} is the store that {@code writer} commits to.
     */
    SearchIndexer(Path dataDir, Path storeFile, Opener opener, PrintStream warnings, GroupCommitWriter writer) {
        super("history-index", writer);
        this.dataDir = dataDir;
        this.storeFile = storeFile;
        this.opener = opener;
        this.warnings = warnings;
    }

    /**
     * Opens the index file, or starts it again, before the store takes its first append: an
     * index that reaches past the store (whose last commits a power cut took) is found out
     * before those ids are given again. Never fails: the thread tries again.
     */
    void open() {
        try {
            connect();
        } catch (SQLException | IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** A full batch: more is waiting, straight on. */
    @Override
    protected boolean step() {
        return indexOnce() >= BATCH;
    }

    @Override
    protected long restNanos() {
        return PAUSE_NANOS;
    }

    /**
     * One transaction of the index file: the messages the store committed after
     * {@code indexed_to} (up to {@link #BATCH} ids), and {@code indexed_to} moved past them,
     * so a reader sees the index and how far it reaches as of one moment. The messages are
     * first copied to a table in memory, in a read of the store of a few milliseconds: a
     * read held through the whole index transaction would hold back the store's checkpoints
     * (its WAL could not start over). Returns how many ids it covered, -1 if it failed
     * (tried again later; a damaged index is built again).
     */
    private int indexOnce() {
        try {
            if (connection == null) connect();
            long to;
            try (ResultSet r = newest.executeQuery()) {
                to = Math.min(indexedTo + BATCH, r.next() ? r.getLong(1) : 0);
            }
            if (to <= indexedTo) {
                connection.rollback(); // ends the read: an idle indexer must not hold back the store's checkpoints
                return 0;
            }
            gather.setLong(1, indexedTo);
            gather.setLong(2, to);
            gather.executeUpdate();
            connection.commit(); // the read of the store ends here
            insert.executeUpdate();
            clear.executeUpdate();
            advance.setLong(1, to);
            advance.executeUpdate();
            connection.commit();
            int covered = (int) (to - indexedTo);
            indexedTo = to;
            return covered;
        } catch (SQLException | IOException | RuntimeException e) {
            failed(e);
            return -1;
        }
    }

    /**
     * A failure of the store's file (damaged, say) is the store's to report, and the index
     * waits for it; a damaged index file is deleted and built again from the start.
     */
    private void failed(Exception e) {
        boolean rebuild = e instanceof SQLException sql && SearchIndexFile.damaged(sql) && indexDamaged();
        disconnect();
        if (!rebuild) return;
        Path file = dataDir.resolve(SearchIndexFile.FILE);
        damaged(file);
        try {
            SearchIndexFile.delete(file);
        } catch (IOException gone) {
            // Tried again at the next connect, which finds it damaged too.
        }
    }

    private void damaged(Path file) {
        if (warnings != null) {
            warnings.println("chatroom: the search index " + file + " is damaged; it is built again, and searches read the messages meanwhile");
        }
    }

    /** Whether the index file itself is damaged, not the store it reads. */
    private boolean indexDamaged() {
        if (connection == null) return true;
        try {
            connection.rollback();
        } catch (SQLException e) {
            // No transaction left open by the failure: nothing to undo.
        }
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA main.quick_check(1)")) {
            return !r.next() || !"ok".equals(r.getString(1));
        } catch (SQLException e) {
            return SearchIndexFile.damaged(e);
        }
    }

    /** Opens the index file, starting it again if it is not a usable index of this store. */
    private void connect() throws SQLException, IOException {
        Path file = Owner.databaseFile(dataDir, SearchIndexFile.FILE, "search index");
        long reached;
        try {
            reached = openFile();
        } catch (SQLException e) {
            if (!SearchIndexFile.damaged(e) || !indexDamaged()) throw e; // the store's trouble, not the index's
            damaged(file);
            reached = -1;
        }
        if (reached < 0) {
            disconnect();
            SearchIndexFile.delete(file);
            Owner.databaseFile(dataDir, SearchIndexFile.FILE, "search index");
            reached = openFile();
        }
        indexedTo = reached;
    }

    private long openFile() throws SQLException {
        Connection c = opener.open();
        connection = c;
        try (PreparedStatement attach = c.prepareStatement("ATTACH ? AS " + SearchIndexFile.STORE)) {
            attach.setString(1, SearchIndexFile.readOnly(storeFile)); // outside a transaction, as ATTACH must be
            attach.execute();
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA temp_store = MEMORY");
            s.execute("CREATE TEMP TABLE pending (id INTEGER PRIMARY KEY, folded_text TEXT NOT NULL)");
        }
        c.setAutoCommit(false);
        long reached = SearchIndexFile.prepare(c);
        gather = c.prepareStatement(GATHER);
        insert = c.prepareStatement("INSERT INTO events_fts (rowid, folded_text) SELECT id, folded_text FROM temp.pending");
        clear = c.prepareStatement("DELETE FROM temp.pending");
        advance = c.prepareStatement("UPDATE indexed SET indexed_to = ?");
        newest = c.prepareStatement(NEWEST);
        return reached;
    }

    /** Nothing uncommitted is worth keeping: the index goes on from its indexed_to. */
    private void disconnect() {
        Opener.closeQuietly(connection);
        connection = null;
    }

    /** Stops after the batch in progress; what is left is indexed at the next start. */
    @Override
    public void close() {
        super.close();
        disconnect(); // the thread's, or open()'s when it never started
    }
}

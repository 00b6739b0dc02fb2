package chatroom.history;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database's shape, versioned by {@code PRAGMA user_version}: version N is the file
 * after the first N migrations. Opening applies the missing ones in order, each in its own
 * transaction with its version number, so a crash mid-way leaves a file at a version we
 * know. A later version adds a {@link Migration} at the end; the old ones never change.
 */
final class Schema {
    /** One step from the version before it; {@code why} is for whoever reads this list later. */
    record Migration(int version, String why, List<String> statements) {}

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "events, with folded text for search; the parties of private messages for who may read them", List.of(
                    """
                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('MESSAGE', 'PRIVATE', 'JOIN', 'LEAVE')),
                        room TEXT,
                        seq INTEGER NOT NULL,
                        private_id INTEGER NOT NULL,
                        time_ms INTEGER NOT NULL,
                        sender TEXT NOT NULL,
                        text TEXT,
                        folded_text TEXT,
                        recipients TEXT,
                        parties TEXT
                    )""",
                    // seq 0 is a join or leave a big room did not number: several may share it.
                    "CREATE UNIQUE INDEX events_room_seq ON events (room, seq) WHERE seq > 0",
                    // before() and search() walk one room's messages newest first (the rowid ends each entry).
                    "CREATE INDEX events_room_kind ON events (room, kind)",
                    "CREATE UNIQUE INDEX events_private_id ON events (private_id) WHERE private_id > 0",
                    // Who may read a private message back, looked up by the reader's token, newest first.
                    """
                    CREATE TABLE parties (
                        party INTEGER NOT NULL,
                        event_id INTEGER NOT NULL REFERENCES events (id),
                        PRIMARY KEY (party, event_id)
                    ) WITHOUT ROWID""")),
            // A search of three or more characters reads the index instead of every message of a room. The
            // trigram tokenizer matches any substring of three characters or more, Chinese included; case is
            // already folded in folded_text (Fold), so the index compares exactly. Contentless: the text is
            // in events already. Shorter queries cannot use it and scan, within a bound (SqliteHistoryStore).
            new Migration(2, "a trigram index of folded text, so that searches need not read every message", List.of(
                    "CREATE VIRTUAL TABLE events_fts USING fts5(folded_text, content='', tokenize='trigram case_sensitive 1')",
                    """
                    INSERT INTO events_fts (rowid, folded_text)
                        SELECT id, folded_text FROM events WHERE kind IN ('MESSAGE', 'PRIVATE') AND folded_text IS NOT NULL""",
                    """
                    CREATE TRIGGER events_fts_insert AFTER INSERT ON events
                        WHEN new.kind IN ('MESSAGE', 'PRIVATE') AND new.folded_text IS NOT NULL
                    BEGIN
                        INSERT INTO events_fts (rowid, folded_text) VALUES (new.id, new.folded_text);
                    END""")),
            // Room keys were upper- then lower-cased by hand, and are now case folded (text.Fold): the
            // same rooms, but a final sigma is spelled σ and Cherokee in capitals. Two old keys never
            // differ by these letters alone (they come from the same capitals), so no two rooms merge.
            new Migration(3, "room keys spelled as the case folding spells them", List.of(
                    "UPDATE events SET room = " + RoomKeys.respelled("room") + " WHERE room <> " + RoomKeys.respelled("room"))),
            // The trigram index cost each message about 30 µs of the commit it waits for (docs/PERFORMANCE.md): it
            // is now filled behind the commits (SearchIndexer), and search_index says how far, so that a search
            // reads the index up to there and the few messages after it one by one. Everything so far is indexed.
            new Migration(4, "the search index filled after the commit, not in it", List.of(
                    "DROP TRIGGER events_fts_insert",
                    "CREATE TABLE search_index (indexed_to INTEGER NOT NULL)",
                    "INSERT INTO search_index (indexed_to) SELECT coalesce(max(id), 0) FROM events")),
            // Filling the index in this file took the writer's lock and SQLite's write lock, so a room's commit waited
            // behind it (docs/PERFORMANCE.md): it moves to a file of its own, history-index.db (SearchIndexFile), which
            // is built again from nothing in the background. The store gets an id of its own, which the index file
            // repeats, so that an index is never read against another store (a history.db replaced or emptied).
            new Migration(5, "the search index in a file of its own; the store's own id", List.of(
                    "DROP TABLE events_fts",
                    "DROP TABLE search_index",
                    "CREATE TABLE store (id TEXT NOT NULL)",
                    "INSERT INTO store (id) VALUES (lower(hex(randomblob(16))))")));

    static int latest() {
        return MIGRATIONS.getLast().version();
    }

    private Schema() {}

    /** Brings the file up to date; returns how many migrations it applied. */
    static int migrate(Connection c) throws SQLException, IOException {
        int applied = 0;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (Migration m : MIGRATIONS) {
                // IMMEDIATE takes the write lock first, so two processes opening at once cannot both migrate.
                s.execute("BEGIN IMMEDIATE");
                try {
                    int version = version(c);
                    check(version);
                    if (version >= m.version()) {
                        s.execute("ROLLBACK");
                        continue;
                    }
                    for (String sql : m.statements()) s.execute(sql);
                    s.execute("PRAGMA user_version = " + m.version());
                    s.execute("COMMIT");
                    applied++;
                } catch (SQLException | IOException | RuntimeException e) {
                    rollbackQuietly(s, e);
                    throw e;
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return applied;
    }

    /** Refuses a file a newer chatroom wrote: its meaning may have changed in ways this one cannot tell. */
    static void check(int version) throws IOException {
        if (version > latest()) {
            throw new IOException("history.db has schema version " + version + "; this chatroom knows up to " + latest());
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static void rollbackQuietly(Statement s, Exception cause) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e); // SQLite may already have rolled back on its own (a full disk)
        }
    }
}

package chatroom.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@code history-index.db}, the trigram search index of {@code history.db}, in a file of its
 * own so that filling it never takes the store's write lock: the indexer writes it through
 * its own connection while appenders commit to the store. It is only ever derived from the
 * store, so a file that is missing, damaged, of another version or of another store (its
 * {@code store} id differs, or it reaches past the store's last id) is deleted and built
 * again from nothing; searches read every message meanwhile.
 *
 * <p>{@code detail=none}: the index says which messages hold each trigram, not where, which
 * makes it about a third cheaper to fill (docs/PERFORMANCE.md) but answers no phrase query;
 * a search asks for all of the query's trigrams and compares each candidate exactly.
 */
final class SearchIndexFile {
    static final String FILE = "history-index.db";
    /** This file's own schema version ({@code PRAGMA user_version}); any other is built again. */
    private static final int VERSION = 1;
    /** The store's file, attached to the indexer's connection under this name, read only. */
    static final String STORE = "history";
    /** The index, attached to a reader's connection of the store under this name, read only. */
    static final String INDEX = "idx";

    private SearchIndexFile() {}

    /**
     * Under a reader's connection of the store: how far the attached index reaches, 0 when it
     * is not this store's (then none of its entries may be used).
     */
    static final String INDEXED_TO = "coalesce((SELECT indexed_to FROM " + INDEX + ".indexed WHERE store = (SELECT id FROM main.store)), 0)";

    /** A SQLite URI for {@code file} opened read only; its path escaped where a URI would read it otherwise. */
    static String readOnly(Path file) {
        String path = file.toAbsolutePath().toString().replace("%", "%25").replace("?", "%3f").replace("#", "%23");
        return "file:" + path + "?mode=ro";
    }

    /**
     * On the indexer's connection to this file, the store attached as {@link #STORE}: makes
     * the file an index if it is empty, and returns how far it reaches; -1 when it is not a
     * usable index of this store (to be deleted and built again).
     */
    static long prepare(Connection c) throws SQLException {
        int version = Schema.version(c);
        if (version == 0 && !hasTables(c)) {
            create(c);
            return 0;
        }
        if (version != VERSION) return -1;
        String sql = "SELECT indexed_to FROM indexed WHERE store = (SELECT id FROM " + STORE + ".store)"
                + " AND indexed_to <= (SELECT coalesce(max(id), 0) FROM " + STORE + ".events)";
        long reached;
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            reached = r.next() ? r.getLong(1) : -1;
        }
        c.commit(); // no read of the store's file left open
        return reached;
    }

    private static boolean hasTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM main.sqlite_schema")) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    private static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE VIRTUAL TABLE events_fts USING fts5(folded_text, content='',"
                    + " tokenize='trigram case_sensitive 1', detail=none)");
            s.execute("CREATE TABLE indexed (store TEXT NOT NULL, indexed_to INTEGER NOT NULL)");
            s.execute("INSERT INTO indexed (store, indexed_to) SELECT id, 0 FROM " + STORE + ".store");
            s.execute("PRAGMA user_version = " + VERSION);
        }
        c.commit();
    }

    /**
     * Attaches the index to a reader's connection of the store, for one search: so each search
     * reads the file that is there now (one built again replaces it). False, and nothing
     * attached, when there is no usable file yet; then the search reads the store alone.
     */
    static boolean attach(Connection c, Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (PreparedStatement s = c.prepareStatement("ATTACH ? AS " + INDEX)) {
            s.setString(1, readOnly(file));
            s.execute();
        } catch (SQLException e) {
            return false;
        }
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + INDEX + ".sqlite_schema WHERE name IN ('events_fts', 'indexed')")) {
            if (r.next() && r.getInt(1) == 2) return true; // made in one transaction: there, they stay
        } catch (SQLException e) {
            // Not a database (yet): as if there were none.
        }
        detach(c);
        return false;
    }

    static void detach(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("DETACH " + INDEX);
        } catch (SQLException e) {
            // Nothing is open on it once its statements are closed; a connection that cannot detach fails its next attach.
        }
    }

    /** Under a reader's connection with the index attached: how many ids the store holds past the index's reach. */
    static long behind(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT coalesce(max(id), 0) FROM main.events) - " + INDEXED_TO)) {
            return r.next() ? r.getLong(1) : Long.MAX_VALUE;
        }
    }

    /**
     * The FTS5 query for messages holding {@code folded} (three code points or more): its
     * trigrams that cover it end to end, each a quoted string (its quotes doubled), all of
     * them required. It finds a superset of the messages containing {@code folded}; the
     * search compares each exactly.
     */
    static String match(String folded) {
        int[] points = folded.codePoints().toArray();
        Set<String> terms = new LinkedHashSet<>();
        for (int i = 0; ; i = Math.min(i + 3, points.length - 3)) {
            String trigram = new String(points, i, 3);
            terms.add("\"" + trigram.replace("\"", "\"\"") + "\"");
            if (i == points.length - 3) break;
        }
        return String.join(" ", terms);
    }

    /** The file and what SQLite keeps beside it, so that the next open starts an empty one. */
    static void delete(Path file) throws IOException {
        for (String suffix : new String[] {"-wal", "-shm", "-journal", ""}) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    /** SQLite's word for a file that is not a database or is damaged. */
    static boolean damaged(SQLException e) {
        if (!(e instanceof SQLiteException s)) return false;
        SQLiteErrorCode code = s.getResultCode();
        return code == SQLiteErrorCode.SQLITE_NOTADB || code.name().startsWith("SQLITE_CORRUPT");
    }
}

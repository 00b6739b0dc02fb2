package chatroom.history;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.SearchResult;
import chatroom.chat.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index in its own file, {@code history-index.db}: kept across a restart, built
 * again when it is missing, damaged or another store's, and a search meanwhile finds every
 * stored message once, indexed or not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchIndexTest {
    private static final long EVE = 42;
    /** A bound below the fillers' count: a search that stays under it looked at the index's matches only. */
    private static final int SMALL_SCAN = 100;

    @TempDir
    Path dir;

    private SqliteHistoryStore store;
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path indexFile() {
        return data().resolve(SearchIndexFile.FILE);
    }

    private SqliteHistoryStore open(boolean indexing) throws IOException {
        return SqliteHistoryStore.open(data(), new SqliteHistoryStore.Options(false, true, indexing),
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    /** 300 fillers with one needle among them, oldest; returns the last id. */
    private long fill(int firstSeq) throws IOException {
        store.append(StoredEvent.message("#lobby", firstSeq, SqliteHistoryStoreTest.at(0), "ann", "the NEEDLE " + firstSeq));
        long last = 0;
        for (int i = 1; i <= 300; i++) {
            last = store.append(StoredEvent.message("#lobby", firstSeq + i, SqliteHistoryStoreTest.at(i), "bob", "hay " + i));
        }
        return last;
    }

    /** A store of {@link #fill} whose index reaches its end, closed; returns its last id. */
    private long indexedAndClosed() throws Exception {
        store = open(true);
        long last = fill(1);
        awaitIndexed(last);
        store.close();
        store = null;
        return last;
    }

    private SearchResult search(String query, int maxScan) {
        return store.search(List.of("#lobby"), query, EVE, Long.MAX_VALUE, 50, maxScan);
    }

    @Test
    void theIndexIsAFileOfItsOwnOwnerOnlyAndIsKeptAcrossARestart() throws Exception {
        long last = indexedAndClosed();
        store = open(false); // nothing indexed by this run: whatever the search finds, the last run's index holds

        assertThat(Files.getPosixFilePermissions(indexFile())).isEqualTo(Files.getPosixFilePermissions(data().resolve("history.db")));
        assertThat(indexedTo()).isEqualTo(last);
        SearchResult found = search("needle", SMALL_SCAN);
        assertThat(found.events()).extracting(StoredEvent::text).containsExactly("the NEEDLE 1");
        assertThat(found.stopped()).as("the index gave the match, not 300 messages read one by one").isFalse();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data().resolve("history.db")); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'events_fts%' OR name = 'search_index'")) {
            r.next();
            assertThat(r.getInt(1)).as("no index left in history.db").isZero();
        }
    }

    @Test
    void aDeletedIndexIsBuiltAgainAndSearchFindsEverythingMeanwhile() throws Exception {
        long last = indexedAndClosed();
        SearchIndexFile.delete(indexFile());

        store = open(false);
        assertThat(search("needle", Integer.MAX_VALUE).events()).extracting(StoredEvent::text).containsExactly("the NEEDLE 1");
        SearchResult bounded = search("needle", SMALL_SCAN);
        assertThat(bounded.stopped()).as("without its index a search reads at most its bound").isTrue();
        assertThat(bounded.scanned()).isEqualTo(SMALL_SCAN);
        store.close();

        store = open(true);
        awaitIndexed(last);
        assertThat(search("needle", SMALL_SCAN).events()).extracting(StoredEvent::text).containsExactly("the NEEDLE 1");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).as("a missing index is no trouble").isEmpty();
    }

    @Test
    void aDamagedIndexIsBuiltAgainWithALineAndTheStoreWorksMeanwhile() throws Exception {
        indexedAndClosed();
        Files.write(indexFile(), "this is not a database, whatever SQLite makes of it".repeat(200).getBytes(StandardCharsets.UTF_8));

        store = open(true);
        long more = store.append(StoredEvent.message("#lobby", 400, SqliteHistoryStoreTest.at(400), "cat", "another needle"));
        assertThat(search("needle", Integer.MAX_VALUE).events()).extracting(StoredEvent::text)
                .containsExactly("the NEEDLE 1", "another needle");
        awaitIndexed(more);
        SearchResult found = search("needle", SMALL_SCAN);
        assertThat(found.events()).extracting(StoredEvent::text).containsExactly("the NEEDLE 1", "another needle");
        assertThat(found.stopped()).isFalse();
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .isEqualTo("chatroom: the search index " + indexFile() + " is damaged; it is built again, and searches read the messages"
                        + " meanwhile" + System.lineSeparator());
    }

    /**
     * An index holds ids: read against another store (history.db emptied or replaced beside
     * it) it would hide that store's messages under its own. Each store has an id the index
     * repeats: a reader uses only an index of its store, and the indexer builds another's again.
     */
    @Test
    void anotherStoresIndexIsNeverRead() throws Exception {
        indexedAndClosed();
        Path old = dir.resolve("old-index.db");
        Files.copy(indexFile(), old);
        SearchIndexFile.delete(data().resolve("history.db"));
        store = open(true);
        for (int i = 1; i <= 5; i++) store.append(StoredEvent.message("#lobby", i, SqliteHistoryStoreTest.at(i), "dan", "needle " + i));
        store.close();
        store = null;
        SearchIndexFile.delete(indexFile());
        Files.copy(old, indexFile()); // the first store's index, reaching id 301, beside a store of 5

        try (var reader = SqliteHistoryStore.openReadOnly(data())) {
            assertThat(reader.search(List.of("#lobby"), "needle", EVE, Long.MAX_VALUE, 50)).extracting(StoredEvent::text)
                    .containsExactly("needle 1", "needle 2", "needle 3", "needle 4", "needle 5");
        }
        store = open(true);
        awaitIndexed(5);
        assertThat(indexedTo()).as("built again for this store").isEqualTo(5);
        assertThat(search("needle", SMALL_SCAN).events()).hasSize(5);
        assertThat(search("hay", Integer.MAX_VALUE).events()).isEmpty();
    }

    /**
     * A burst from several threads, searched while the indexer catches up with it: each search
     * finds every message committed before it began, each once, whether the index has it yet.
     */
    @Test
    void aSearchDuringABurstFindsEveryStoredMessageOnce() throws Exception {
        store = open(true);
        int writers = 8;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String room = "#r" + w;
                done.add(pool.submit(() -> {
                    for (int i = 1; i <= each; i++) {
                        store.queue(StoredEvent.message(room, i, SqliteHistoryStoreTest.at(i), "w", "burst needle " + i));
                        store.commit();
                    }
                    return null;
                }));
            }
            List<String> rooms = List.of("#r0", "#r1", "#r2", "#r3", "#r4", "#r5", "#r6", "#r7");
            int seen = 0;
            while (seen < writers * each) {
                long committed = store.lastSeq("#r0") + store.lastSeq("#r1") + store.lastSeq("#r2") + store.lastSeq("#r3")
                        + store.lastSeq("#r4") + store.lastSeq("#r5") + store.lastSeq("#r6") + store.lastSeq("#r7");
                List<Long> ids = allIds(rooms);
                assertThat(ids).doesNotHaveDuplicates();
                assertThat((long) ids.size()).as("found at least what was committed before the search").isGreaterThanOrEqualTo(committed);
                seen = ids.size();
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        long last = store.lastSeq("#r0");
        assertThat(last).isEqualTo(each);
        awaitIndexed(writers * each);
        assertThat(allIds(List.of("#r0", "#r1", "#r2", "#r3", "#r4", "#r5", "#r6", "#r7"))).hasSize(writers * each).doesNotHaveDuplicates();
    }

    /** Every match's id, page by page from the newest. */
    private List<Long> allIds(List<String> rooms) {
        List<Long> ids = new ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            List<StoredEvent> page = store.search(rooms, "needle", EVE, before, 50, Integer.MAX_VALUE).events();
            if (page.isEmpty()) return ids;
            for (StoredEvent e : page) ids.add(e.id());
            before = page.getFirst().id();
        }
    }

    @Test
    void aReadOnlyOpeningReadsTheIndexAndDoesWithoutOne() throws Exception {
        store = open(true);
        long last = fill(1);
        awaitIndexed(last);
        try (var reader = SqliteHistoryStore.openReadOnly(data())) {
            SearchResult found = reader.search(List.of("#lobby"), "needle", EVE, Long.MAX_VALUE, 50, SMALL_SCAN);
            assertThat(found.events()).extracting(StoredEvent::text).containsExactly("the NEEDLE 1");
            assertThat(found.stopped()).isFalse();
        }
        store.close();
        store = null;
        try (var reader = SqliteHistoryStore.openReadOnly(data())) {
            assertThat(reader.search(List.of("#lobby"), "needle", EVE, Long.MAX_VALUE, 50, SMALL_SCAN).stopped())
                    .as("the index read with no server running").isFalse();
        }
        SearchIndexFile.delete(indexFile());
        try (var reader = SqliteHistoryStore.openReadOnly(data())) {
            assertThat(reader.search(List.of("#lobby"), "needle", EVE, Long.MAX_VALUE, 50)).extracting(StoredEvent::text)
                    .containsExactly("the NEEDLE 1");
        }
        assertThat(indexFile()).as("a reader creates no index").doesNotExist();
    }

    private void awaitIndexed(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> indexedTo() >= id);
    }

    private long indexedTo() throws SQLException {
        if (!Files.exists(indexFile())) return -1;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + indexFile()); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT indexed_to FROM indexed")) {
            return r.next() ? r.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // not made yet
        }
    }
}

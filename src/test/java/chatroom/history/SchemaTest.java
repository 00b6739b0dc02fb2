package chatroom.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.chat.SearchResult;
import chatroom.chat.StoredEvent;
import chatroom.text.Fold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {
    @TempDir
    Path dir;

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteHistoryStore.FILE));
    }

    @Test
    void anEmptyFileMigratesToTheLatestVersionOnceAndReopeningAppliesNothing() throws Exception {
        Files.createFile(dir.resolve(SqliteHistoryStore.FILE)); // version 0: no tables at all
        try (Connection c = connect()) {
            assertThat(Schema.version(c)).isZero();
            assertThat(Schema.migrate(c)).isEqualTo(Schema.MIGRATIONS.size());
            assertThat(Schema.version(c)).isEqualTo(Schema.latest());
            assertThat(Schema.migrate(c)).isZero();
        }
        try (var store = SqliteHistoryStore.open(dir, false)) {
            store.append(StoredEvent.message("#lobby", 1, SqliteHistoryStoreTest.T0, "ann", "kept"));
        }
        try (var store = SqliteHistoryStore.open(dir, false)) {
            assertThat(store.lastSeq("#lobby")).as("reopening ran no migration over the data").isEqualTo(1);
        }
        try (Connection c = connect()) {
            assertThat(Schema.version(c)).isEqualTo(Schema.latest());
        }
    }

    /**
     * Migration 2 adds the trigram index: a store written before it (version 1) has its
     * messages indexed once opened, so a search of three or more characters finds them
     * while looking only at matches, however many messages came after.
     */
    @Test
    void aVersionOneStoreHasItsMessagesIndexedForSearchWhenOpened() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0).statements()) s.execute(sql);
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO events (kind, room, seq, private_id, time_ms, sender, text, folded_text)"
                    + " VALUES ('MESSAGE', '#lobby', 1, 0, 0, 'ann', 'Die STRASSE', '" + Fold.of("Die STRASSE") + "')");
            s.execute("INSERT INTO events (kind, room, seq, private_id, time_ms, sender, text, folded_text)"
                    + " WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 301)"
                    + " SELECT 'MESSAGE', '#lobby', i, 0, 0, 'bob', 'filler', 'filler' FROM n");
        }
        try (var store = SqliteHistoryStore.open(dir, false)) {
            // Since version 5 the index is a file of its own, built in the background from the start.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> indexedTo() >= 301);
            SearchResult found = store.search(java.util.List.of("#lobby"), "straße", 0, Long.MAX_VALUE, 50, 200);
            assertThat(found.events()).extracting(StoredEvent::text).containsExactly("Die STRASSE");
            assertThat(found.stopped()).as("the index looked only at the match, not at 300 fillers").isFalse();
        }
        try (Connection c = connect()) {
            assertThat(Schema.version(c)).isEqualTo(Schema.latest());
        }
    }

    private long indexedTo() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SearchIndexFile.FILE));
                Statement s = c.createStatement(); var r = s.executeQuery("SELECT indexed_to FROM indexed")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /**
     * Migration 3 (issue 13): room keys used to be upper- then lower-cased by hand and are
     * now case folded, which spells a final sigma σ and Cherokee in capitals. A store written
     * before keeps those rooms' history under the keys the server now asks for.
     */
    @Test
    void aVersionTwoStoreHasItsRoomKeysSpelledAsTheFoldingSpellsThem() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 2; i++) for (String sql : Schema.MIGRATIONS.get(i).statements()) s.execute(sql);
            s.execute("PRAGMA user_version = 2");
            int seq = 1;
            for (String oldKey : java.util.List.of("#οδος", "#ꮳꮃꭹ", "#games", "#it")) {
                s.execute("INSERT INTO events (kind, room, seq, private_id, time_ms, sender, text, folded_text)"
                        + " VALUES ('MESSAGE', '" + oldKey + "', " + seq++ + ", 0, 0, 'ann', 'hi', 'hi')");
            }
        }
        try (var store = SqliteHistoryStore.open(dir, false)) {
            assertThat(store.rooms()).containsExactlyInAnyOrder(chatroom.chat.Names.room("#ΟΔΟΣ"),
                    chatroom.chat.Names.room("#ᏣᎳᎩ"), "#games", "#it");
            assertThat(store.rooms()).contains("#οδοσ", "#ᏣᎳᎩ");
        }
    }

    @Test
    void migrationsAreNumberedOneByOneFromOne() {
        for (int i = 0; i < Schema.MIGRATIONS.size(); i++) assertThat(Schema.MIGRATIONS.get(i).version()).isEqualTo(i + 1);
    }

    @Test
    void aFileFromANewerChatroomIsRefusedNotChanged() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.latest() + 1));
        }
        assertThatThrownBy(() -> SqliteHistoryStore.open(dir, false)).isInstanceOf(IOException.class)
                .hasMessageContaining("schema version " + (Schema.latest() + 1));
        assertThatThrownBy(() -> SqliteHistoryStore.openReadOnly(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("schema version");
        try (Connection c = connect()) {
            assertThat(Schema.version(c)).isEqualTo(Schema.latest() + 1);
        }
    }

    @Test
    void aFailedMigrationLeavesTheFileAtItsOldVersion() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (x)"); // in the way of migration 1
        }
        assertThatThrownBy(() -> SqliteHistoryStore.open(dir, false)).isInstanceOf(IOException.class);
        try (Connection c = connect()) {
            assertThat(Schema.version(c)).isZero();
        }
    }
}

package chatroom.history;

import chatroom.chat.HistoryStore;
import chatroom.chat.Kind;
import chatroom.chat.StoredEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteHistoryStoreTest {
    static final Instant T0 = Instant.parse("2026-11-28T01:02:03.456Z");
    static final long ANN = 0x1111_2222_3333_4444L;
    static final long BOB = -0x5555_6666_7777_8888L;
    static final long EVE = 42;

    @TempDir
    Path dir;

    SqliteHistoryStore store;

    @BeforeEach
    void open() throws IOException {
        store = SqliteHistoryStore.open(dir.resolve("data"), false);
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    @Test
    void everyKindComesBackAsItWasStoredWithItsNewId() throws IOException {
        List<StoredEvent> events = List.of(
                StoredEvent.join("#lobby", 1, at(0), "ann"),
                StoredEvent.message("#lobby", 2, at(1), "ann", "大家好\nline two\t\\ ✓"),
                StoredEvent.privateMessage(1, at(2), "ann", List.of("bob", "cat"), "psst", List.of(ANN, BOB)),
                StoredEvent.leave("#lobby", 3, at(3), "ann", "connection lost"),
                StoredEvent.join("#big", 0, at(4), "dan"));
        List<StoredEvent> stored = new ArrayList<>();
        for (StoredEvent e : events) stored.add(e.withId(store.append(e)));

        assertThat(stored).extracting(StoredEvent::id).isSorted().doesNotHaveDuplicates().allMatch(id -> id > 0);
        List<StoredEvent> exported = new ArrayList<>();
        store.export(null, null, exported::add);
        assertThat(exported).containsExactlyElementsOf(stored);
        assertThat(store.rooms()).containsExactly("#big", "#lobby");
    }

    @Test
    void timeIsKeptToTheMillisecond() throws IOException {
        long id = store.append(StoredEvent.message("#lobby", 1, T0.plusNanos(999_999), "ann", "x"));
        assertThat(store.after("#lobby", 0, 10)).singleElement().extracting(StoredEvent::time).isEqualTo(T0);
        assertThat(id).isEqualTo(1);
    }

    @Test
    void beforePagesBackThroughRoomMessagesAndTheViewersOwnPrivatesNewestPageFirst() throws IOException {
        for (int i = 1; i <= 10; i++) {
            store.append(StoredEvent.message("#lobby", i, at(i), "ann", "m" + i));
            if (i % 3 == 0) store.append(StoredEvent.privateMessage(i / 3, at(i), "ann", List.of("bob"), "p" + i / 3, List.of(ANN, BOB)));
        }
        store.append(StoredEvent.message("#other", 1, at(20), "cat", "elsewhere"));
        store.append(StoredEvent.join("#lobby", 11, at(21), "dan"));

        List<StoredEvent> page1 = store.latest("#lobby", 5, BOB);
        assertThat(texts(page1)).containsExactly("m7", "m8", "m9", "p3", "m10");
        List<StoredEvent> page2 = store.before("#lobby", page1.getFirst().id(), 5, BOB);
        assertThat(texts(page2)).containsExactly("p1", "m4", "m5", "m6", "p2");
        List<StoredEvent> page3 = store.before("#lobby", page2.getFirst().id(), 5, BOB);
        assertThat(texts(page3)).containsExactly("m1", "m2", "m3");
        assertThat(store.before("#lobby", page3.getFirst().id(), 5, BOB)).isEmpty();

        assertThat(texts(store.latest("#lobby", 5, EVE))).containsExactly("m6", "m7", "m8", "m9", "m10");
        assertThat(store.latest("#lobby", 0, BOB)).isEmpty();
        assertThat(store.latest("#nowhere", 5, EVE)).isEmpty();
    }

    @Test
    void messagesAreReadByNumberEitherWayAndNumbersFoundByTime() throws IOException {
        store.append(StoredEvent.join("#lobby", 1, at(0), "ann"));
        for (int i = 1; i <= 3; i++) store.append(StoredEvent.message("#lobby", 1 + i, at(i), "ann", "m" + i));
        store.append(StoredEvent.join("#lobby", 5, at(4), "bob"));
        store.append(StoredEvent.message("#other", 1, at(4), "cat", "elsewhere"));
        for (int i = 4; i <= 8; i++) store.append(StoredEvent.message("#lobby", 2 + i, at(1 + i), "ann", "m" + i));
        store.append(StoredEvent.leave("#lobby", 11, at(9), "bob", "quit"));
        chatroom.testing.SpanReads.check(store, "#lobby");
    }

    @Test
    void afterReturnsEveryKindOfRoomEventBySequenceAndSkipsUnnumberedOnes() throws IOException {
        store.append(StoredEvent.join("#lobby", 1, at(0), "ann"));
        store.append(StoredEvent.message("#lobby", 2, at(1), "ann", "hi"));
        store.append(StoredEvent.privateMessage(1, at(2), "ann", List.of("bob"), "psst", List.of(ANN)));
        store.append(StoredEvent.join("#lobby", 0, at(3), "quiet"));
        store.append(StoredEvent.message("#other", 1, at(3), "cat", "elsewhere"));
        store.append(StoredEvent.leave("#lobby", 3, at(4), "ann", "quit"));

        assertThat(store.after("#lobby", 0, 10)).extracting(StoredEvent::kind, StoredEvent::seq)
                .containsExactly(tuple(Kind.JOIN, 1L), tuple(Kind.MESSAGE, 2L), tuple(Kind.LEAVE, 3L));
        assertThat(store.after("#lobby", 1, 1)).extracting(StoredEvent::seq).containsExactly(2L);
        assertThat(store.after("#lobby", 3, 10)).isEmpty();
        assertThat(store.lastSeq("#lobby")).isEqualTo(3);
        assertThat(store.lastSeq("#other")).isEqualTo(1);
        assertThat(store.lastSeq("#nowhere")).isZero();
        assertThat(store.lastPrivateId()).isEqualTo(1);
    }

    @Test
    void noReadReturnsMoreThan200Events() throws IOException {
        for (int i = 1; i <= 250; i++) store.append(StoredEvent.message("#lobby", i, at(i), "ann", "word " + i));
        assertThat(store.latest("#lobby", 1_000, EVE)).hasSize(HistoryStore.MAX_PAGE).last().extracting(StoredEvent::seq).isEqualTo(250L);
        assertThat(store.after("#lobby", 0, 1_000)).hasSize(HistoryStore.MAX_PAGE).first().extracting(StoredEvent::seq).isEqualTo(1L);
        assertThat(store.search(List.of("#lobby"), "WORD", EVE, Long.MAX_VALUE, 1_000)).hasSize(HistoryStore.MAX_PAGE);
        assertThat(store.latest("#lobby", -1, EVE)).isEmpty();
    }

    @Test
    void aPrivateMessageIsReadableOnlyByTheConnectionsThatSentOrReceivedIt() throws IOException {
        store.append(StoredEvent.message("#lobby", 1, at(0), "ann", "public secret"));
        store.append(StoredEvent.privateMessage(1, at(1), "ann", List.of("bob"), "private secret", List.of(ANN, BOB)));

        for (long party : List.of(ANN, BOB)) {
            assertThat(texts(store.latest("#lobby", 10, party))).containsExactly("public secret", "private secret");
            assertThat(texts(store.search(List.of("#lobby"), "secret", party, Long.MAX_VALUE, 10)))
                    .containsExactly("public secret", "private secret");
        }
        // EVE may since have taken the name "bob": the recipients list grants nothing, only the token does.
        assertThat(texts(store.latest("#lobby", 10, EVE))).containsExactly("public secret");
        assertThat(texts(store.search(List.of("#lobby"), "secret", EVE, Long.MAX_VALUE, 10))).containsExactly("public secret");
        assertThat(store.search(List.of(), "secret", EVE, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(texts(store.search(List.of(), "secret", BOB, Long.MAX_VALUE, 10))).containsExactly("private secret");
        assertThat(store.after("#lobby", 0, 10)).extracting(StoredEvent::kind).containsOnly(Kind.MESSAGE);
    }

    @Test
    void aPrivateMessageToOneselfNamesTheConnectionOnce() throws IOException {
        store.append(StoredEvent.privateMessage(1, at(1), "ann", List.of("ann"), "note to self", List.of(ANN, ANN)));
        assertThat(store.latest("#lobby", 10, ANN)).singleElement().extracting(StoredEvent::parties).isEqualTo(List.of(ANN, ANN));
    }

    @Test
    void searchIgnoresCaseByUnicodeFolding() throws IOException {
        List<String> texts = List.of("Die straße ist lang", "ΣΟΦΙΑ σοφός", "Ünïcödé", "ISTANBUL", "İstanbul", "ıstanbul",
                "cafe\u0301", "café");
        int seq = 0;
        for (String t : texts) store.append(StoredEvent.message("#lobby", ++seq, at(seq), "ann", t));

        assertThat(find("STRASSE")).containsExactly("Die straße ist lang");
        assertThat(find("Straße")).containsExactly("Die straße ist lang");
        assertThat(find("σοφια")).containsExactly("ΣΟΦΙΑ σοφός");
        assertThat(find("ΣΟΦΌΣ")).containsExactly("ΣΟΦΙΑ σοφός"); // final ς and Σ fold alike
        assertThat(find("üNÏ")).containsExactly("Ünïcödé");
        assertThat(find("café")).containsExactly("cafe\u0301", "café"); // composed or not
        // Default, not Turkic, folding: I and i match; İ keeps a combining dot; ı matches only itself.
        assertThat(find("istanbul")).containsExactly("ISTANBUL");
        assertThat(find("İSTANBUL")).containsExactly("İstanbul");
        assertThat(find("ıSTANBUL")).containsExactly("ıstanbul");
        assertThat(find("stanbul")).hasSize(3);
    }

    @Test
    void searchFindsATwoCharacterChineseQuery() throws IOException {
        store.append(StoredEvent.message("#lobby", 1, at(1), "c1", "大家好, 我是c1"));
        store.append(StoredEvent.message("#lobby", 2, at(2), "c3", "你们好, 我是c3"));
        store.append(StoredEvent.message("#lobby", 3, at(3), "c2", "c3是我们的敌人"));
        assertThat(find("我是")).containsExactly("大家好, 我是c1", "你们好, 我是c3");
        assertThat(find("敌人")).containsExactly("c3是我们的敌人");
        assertThat(find("好")).hasSize(2);
        assertThat(find("坏人")).isEmpty();
    }

    @Test
    void likeMetacharactersInAQueryAreOrdinaryCharacters() throws IOException {
        List<String> texts = List.of("100% sure", "1000 sure", "snake_case", "snakeXcase", "back\\slash", "[a]", "quote's \"x\"");
        int seq = 0;
        for (String t : texts) store.append(StoredEvent.message("#lobby", ++seq, at(seq), "ann", t));
        assertThat(find("0%")).containsExactly("100% sure");
        assertThat(find("%")).containsExactly("100% sure");
        assertThat(find("e_c")).containsExactly("snake_case");
        assertThat(find("_")).containsExactly("snake_case");
        assertThat(find("k\\s")).containsExactly("back\\slash");
        assertThat(find("[a]")).containsExactly("[a]");
        assertThat(find("'s \"")).containsExactly("quote's \"x\"");
        assertThatThrownBy(() -> find("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void searchLooksOnlyInTheGivenRoomsAndPagesBackByBeforeId() throws IOException {
        store.append(StoredEvent.message("#a", 1, at(1), "ann", "needle 1"));
        store.append(StoredEvent.message("#b", 1, at(2), "bob", "needle 2"));
        store.append(StoredEvent.message("#c", 1, at(3), "cat", "needle 3"));
        store.append(StoredEvent.join("#a", 2, at(4), "needle"));
        store.append(StoredEvent.leave("#a", 3, at(5), "dan", "needle"));
        long fourth = store.append(StoredEvent.message("#a", 4, at(6), "ann", "needle 4"));

        assertThat(texts(store.search(List.of("#a", "#b", "#a"), "NEEDLE", EVE, Long.MAX_VALUE, 10)))
                .containsExactly("needle 1", "needle 2", "needle 4");
        assertThat(texts(store.search(List.of("#a", "#b"), "needle", EVE, Long.MAX_VALUE, 2))).containsExactly("needle 2", "needle 4");
        assertThat(texts(store.search(List.of("#a", "#b"), "needle", EVE, fourth, 10))).containsExactly("needle 1", "needle 2");
    }

    @Test
    void aMessageIsFoundTheMomentItIsStoredWhereverTheIndexHasReached() throws Exception {
        store.append(StoredEvent.message("#lobby", 1, at(1), "ann", "needle one"));
        store.append(StoredEvent.message("#lobby", 2, at(2), "ann", "hay"));
        awaitIndexed(store.append(StoredEvent.message("#lobby", 3, at(3), "ann", "needle three")));
        store.close();
        store = SqliteHistoryStore.open(dir.resolve("data"), new SqliteHistoryStore.Options(false, true, false)); // nothing indexed
        long five = 0;
        for (int seq = 4; seq <= 6; seq++) {
            long id = store.append(StoredEvent.message("#lobby", seq, at(seq), "bob", seq == 5 ? "hay" : "NEEDLE " + seq));
            if (seq == 5) five = id;
        }

        assertThat(find("needle")).containsExactly("needle one", "needle three", "NEEDLE 4", "NEEDLE 6");
        assertThat(texts(store.search(List.of("#lobby"), "needle", EVE, Long.MAX_VALUE, 3)))
                .containsExactly("needle three", "NEEDLE 4", "NEEDLE 6"); // the newest page spans both
        assertThat(texts(store.search(List.of("#lobby"), "needle", EVE, five, 50)))
                .containsExactly("needle one", "needle three", "NEEDLE 4");
        assertThat(indexed("needle")).isEqualTo(2);
    }

    @Test
    void whatOneRunLeftUnindexedTheNextIndexesAndFinds() throws Exception {
        store.close();
        store = SqliteHistoryStore.open(dir.resolve("data"), new SqliteHistoryStore.Options(false, true, false));
        long last = 0;
        for (int seq = 1; seq <= 100; seq++) last = store.append(StoredEvent.message("#lobby", seq, at(seq), "ann", "needle " + seq));
        store.append(StoredEvent.join("#lobby", 101, at(101), "bob"));
        store.close();
        assertThat(indexed("needle")).isZero();

        store = SqliteHistoryStore.open(dir.resolve("data"), false);
        assertThat(find("needle")).hasSize(50); // at once, indexed or not
        awaitIndexed(last + 1);

        assertThat(indexed("needle")).isEqualTo(100);
        assertThat(texts(store.search(List.of("#lobby"), "needle 1", EVE, Long.MAX_VALUE, 50)))
                .containsExactly("needle 1", "needle 10", "needle 11", "needle 12", "needle 13", "needle 14", "needle 15",
                        "needle 16", "needle 17", "needle 18", "needle 19", "needle 100"); // oldest first
    }

    @Test
    void withFsyncTheIndexCatchesUpToo() throws Exception {
        store.close();
        store = SqliteHistoryStore.open(dir.resolve("data"), true);
        long last = 0;
        for (int seq = 1; seq <= 40; seq++) last = store.append(StoredEvent.message("#lobby", seq, at(seq), "ann", "needle " + seq));

        awaitIndexed(last);
        assertThat(indexed("needle")).isEqualTo(40);
        assertThat(find("needle")).hasSize(40);
    }

    /** Waits until the search index reaches {@code id}. */
    private void awaitIndexed(long id) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> single("SELECT indexed_to FROM indexed") >= id);
    }

    /** How many messages the index itself holds for {@code query} (not the unindexed tail a search also reads). */
    private long indexed(String query) throws java.sql.SQLException {
        return single("SELECT count(*) FROM events_fts WHERE events_fts MATCH '" + SearchIndexFile.match(query) + "'");
    }

    /** One number from the search index's file. */
    private long single(String sql) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve(SearchIndexFile.FILE));
                var s = c.createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static List<String> texts(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::text).toList();
    }

    private List<String> find(String query) {
        return texts(store.search(List.of("#lobby"), query, EVE, Long.MAX_VALUE, 50));
    }
}

package chatroom.history;

import chatroom.chat.StoredEvent;
import static chatroom.history.SqliteHistoryStoreTest.ANN;
import static chatroom.history.SqliteHistoryStoreTest.EVE;
import static chatroom.history.SqliteHistoryStoreTest.at;
import static chatroom.history.SqliteHistoryStoreTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Opening, reopening, closing and many writers at once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryStoreLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void aReopenedStoreContinuesSequencesPrivateIdsAndIds() throws IOException {
        Path data = dir.resolve("data");
        long lastId;
        try (var store = SqliteHistoryStore.open(data, false)) {
            store.append(StoredEvent.join("#lobby", 1, at(0), "ann"));
            store.append(StoredEvent.message("#lobby", 2, at(1), "ann", "before the restart"));
            store.append(StoredEvent.message("#dev", 7, at(1), "ann", "elsewhere"));
            lastId = store.append(StoredEvent.privateMessage(5, at(2), "ann", List.of("bob"), "p", List.of(ANN)));
        }
        try (var store = SqliteHistoryStore.open(data, true)) {
            assertThat(store.lastSeq("#lobby")).isEqualTo(2);
            assertThat(store.lastSeq("#dev")).isEqualTo(7);
            assertThat(store.lastPrivateId()).isEqualTo(5);
            long next = store.append(StoredEvent.message("#lobby", store.lastSeq("#lobby") + 1, at(3), "bob", "after"));
            assertThat(next).isEqualTo(lastId + 1);
            assertThat(texts(store.latest("#lobby", 10, ANN))).containsExactly("before the restart", "p", "after");
        }
    }

    @Test
    void committedMessagesReachTheDatabaseFileWhileTheStoreIsOpen() throws IOException {
        Path data = dir.resolve("data");
        try (var store = SqliteHistoryStore.open(data, false)) {
            long before = Files.size(data.resolve(SqliteHistoryStore.FILE));
            for (int i = 1; i <= 3_000; i++) {
                store.append(StoredEvent.message("#lobby", i, at(i), "ann", "message number " + i + " of three thousand, long enough"));
            }
            // SQLite's own checkpoint is off on every connection: only the Checkpointer copies the WAL into the file.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(Files.size(data.resolve(SqliteHistoryStore.FILE))).isGreaterThan(before + 3_000L * 50));
            assertThat(store.lastSeq("#lobby")).isEqualTo(3_000);
        }
    }

    @Test
    void aRushOfAppendsIsPacedIntoFewCommitsAndLosesNothing() throws Exception {
        int threads = 16;
        int each = 200;
        try (var store = SqliteHistoryStore.open(dir.resolve("data"), false)) {
            appendAtOnce(store, "#rush", threads, each);

            // Unpaced, each caller's append mostly found the writer free and committed alone (about 2 commits in 3 appends).
            assertThat(store.commits()).isLessThanOrEqualTo(threads * each / 4);
            for (int t = 0; t < threads; t++) {
                assertThat(texts(store.latest("#rush" + t, each, ANN))).hasSize(each).endsWith("#rush" + t + " " + each);
            }
        }
    }

    @Test
    void concurrentAppendsAreEachStoredOnceAndShareCommits() throws Exception {
        int threads = 32;
        int each = 50;
        try (var store = SqliteHistoryStore.open(dir.resolve("data"), false)) {
            List<Long> ids = appendAtOnce(store, "#r", threads, each);

            assertThat(ids).hasSize(threads * each).doesNotHaveDuplicates();
            List<StoredEvent> all = new ArrayList<>();
            store.export(null, null, all::add);
            assertThat(all).extracting(StoredEvent::id).containsExactlyInAnyOrderElementsOf(ids);
            for (int t = 0; t < threads; t++) {
                String room = "#r" + t;
                assertThat(all).filteredOn(e -> e.room().equals(room)).extracting(StoredEvent::seq)
                        .as("each writer's events in the order it appended them").isSorted().hasSize(each);
            }
            assertThat(store.commits()).as("commits for %d appends", threads * each).isLessThan(threads * each);
            System.out.printf("group commit: %d appends from %d threads in %d commits%n", threads * each, threads, store.commits());
        }
    }

    /**
     * {@code threads} writers started together, each appending {@code each} messages to a room
     * of its own ({@code prefix} and its number), in order; returns the ids the store gave.
     */
    private static List<Long> appendAtOnce(SqliteHistoryStore store, String prefix, int threads, int each) throws Exception {
        ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String room = prefix + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= each; i++) ids.add(store.append(StoredEvent.message(room, i, at(i), "w", room + " " + i)));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get();
        }
        return List.copyOf(ids);
    }

    @Test
    void withoutGroupCommitEveryAppendIsItsOwnCommit() throws IOException {
        try (var store = SqliteHistoryStore.open(dir.resolve("data"), new SqliteHistoryStore.Options(false, false))) {
            for (int i = 1; i <= 5; i++) store.append(StoredEvent.message("#lobby", i, at(i), "ann", "m" + i));
            assertThat(store.commits()).isEqualTo(5);
        }
    }

    @Test
    void anEventThatBreaksARuleFailsAloneAndTheStoreCarriesOn() throws Exception {
        try (var store = SqliteHistoryStore.open(dir.resolve("data"), false)) {
            store.append(StoredEvent.message("#lobby", 1, at(1), "ann", "first"));
            assertThatThrownBy(() -> store.append(StoredEvent.message("#lobby", 1, at(2), "bob", "same seq")))
                    .isInstanceOf(IOException.class).hasMessageContaining("UNIQUE");
            store.append(StoredEvent.message("#lobby", 2, at(3), "bob", "second"));
            assertThat(texts(store.after("#lobby", 0, 10))).containsExactly("first", "second");
        }
    }

    @Test
    void aClosedStoreRefusesAppendsAndReads() throws IOException {
        var store = SqliteHistoryStore.open(dir.resolve("data"), false);
        store.append(StoredEvent.message("#lobby", 1, at(1), "ann", "kept"));
        store.close();
        assertThatThrownBy(() -> store.append(StoredEvent.message("#lobby", 2, at(2), "ann", "late")))
                .isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.lastSeq("#lobby")).hasMessageContaining("closed");
        store.close(); // twice is harmless
    }

    @Test
    void appendsRacingTheStoresCloseEachEndStoredOrRefusedNeverWaitingForEver() throws Exception {
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            var store = SqliteHistoryStore.open(dir.resolve("data" + round), false);
            CountDownLatch going = new CountDownLatch(threads);
            List<CompletableFuture<Integer>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String room = "#w" + t;
                CompletableFuture<Integer> stored = new CompletableFuture<>();
                writers.add(stored);
                // Daemon threads: one that waits for ever must fail this test, not hold up the JVM.
                Thread.ofPlatform().daemon().start(() -> {
                    going.countDown();
                    for (int i = 1; ; i++) {
                        try {
                            store.append(StoredEvent.message(room, i, at(i), "w", room + " " + i));
                        } catch (IOException e) {
                            if (e.getMessage().contains("closed")) stored.complete(i - 1);
                            else stored.completeExceptionally(e);
                            return;
                        }
                    }
                });
            }
            going.await();
            store.close();
            for (CompletableFuture<Integer> w : writers) {
                assertThat(w).as("round %d: a writer's last append, 10 s after the close", round)
                        .succeedsWithin(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aReadOnlyStoreReadsWhatAWriterBesideItCommits() throws IOException {
        Path data = dir.resolve("data");
        try (var writer = SqliteHistoryStore.open(data, false)) {
            writer.append(StoredEvent.message("#lobby", 1, at(1), "ann", "one"));
            try (var reader = SqliteHistoryStore.openReadOnly(data)) {
                assertThat(texts(reader.latest("#lobby", 10, EVE))).containsExactly("one");
                writer.append(StoredEvent.message("#lobby", 2, at(2), "ann", "two"));
                assertThat(texts(reader.latest("#lobby", 10, EVE))).containsExactly("one", "two");
                assertThatThrownBy(() -> reader.append(StoredEvent.message("#lobby", 3, at(3), "ann", "no")))
                        .isInstanceOf(IOException.class).hasMessageContaining("read-only");
            }
        }
        try (var reader = SqliteHistoryStore.openReadOnly(data)) {
            assertThat(reader.lastSeq("#lobby")).isEqualTo(2);
        }
        assertThatThrownBy(() -> SqliteHistoryStore.openReadOnly(dir.resolve("nothing-here")))
                .isInstanceOf(IOException.class).hasMessageContaining("no history store");
    }

    @Test
    void theStoreIsForItsOwnerAlone() throws IOException {
        Path data = dir.resolve("data");
        try (var store = SqliteHistoryStore.open(data, false)) {
            store.append(StoredEvent.message("#lobby", 1, at(1), "ann", "x"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            Set<String> modes = new HashSet<>();
            try (var files = Files.list(data)) {
                files.forEach(f -> {
                    try {
                        modes.add(f.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
            }
            assertThat(modes).contains("history.db rw-------").allMatch(m -> m.endsWith(" rw-------"));
        }
    }
}

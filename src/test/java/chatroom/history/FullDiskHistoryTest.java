package chatroom.history;

import chatroom.chat.StoredEvent;
import static chatroom.history.SqliteHistoryStoreTest.EVE;
import static chatroom.history.SqliteHistoryStoreTest.at;
import static chatroom.history.SqliteHistoryStoreTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.testing.TinyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real full disk (a tmpfs the test mounts and fills): an append that does
 * not fit fails with an IOException, what was committed stays, and appends succeed again
 * once space returns. Skipped, saying why, where mounting is not allowed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FullDiskHistoryTest {
    /**
     * Room for the schema, a few WAL frames and the big message twice with its trigram
     * index (which the reopen's write check must still find room beside), and small
     * enough to fill at once.
     */
    private static final String DISK_SIZE = "1m";

    @TempDir
    Path dir;

    @Test
    void anAppendTheDiskCannotTakeFailsAndAppendsResumeWhenSpaceReturns() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(dir.resolve("disk"), DISK_SIZE)) {
            if (disk.whyNot() != null) System.out.println("SKIPPED FullDiskHistoryTest: cannot mount a tmpfs (" + disk.whyNot() + ")");
            assumeTrue(disk.whyNot() == null, disk::whyNot);
            Path data = dir.resolve("disk/data");
            try (var store = SqliteHistoryStore.open(data, false)) {
                store.append(StoredEvent.message("#lobby", 1, at(1), "ann", "before"));
                Path filler = dir.resolve("disk/filler");
                disk.fill(filler);

                String big = "é".repeat(20_000); // 40 KB: more than any page left over
                assertThatThrownBy(() -> store.append(StoredEvent.message("#lobby", 2, at(2), "ann", big)))
                        .isInstanceOf(IOException.class).hasMessageContaining("full");
                assertThat(texts(store.latest("#lobby", 10, EVE))).containsExactly("before");

                Files.delete(filler);
                store.append(StoredEvent.message("#lobby", 2, at(3), "ann", big));
                store.append(StoredEvent.message("#lobby", 3, at(4), "ann", "after"));
                assertThat(texts(store.latest("#lobby", 10, EVE))).containsExactly("before", big, "after");
            }
            try (var store = SqliteHistoryStore.open(data, false)) {
                assertThat(store.lastSeq("#lobby")).isEqualTo(3);
            }
        }
    }
}

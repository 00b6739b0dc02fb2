package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event.Found;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Limits;
import chatroom.chat.RoomLimits;
import chatroom.chat.StoredEvent;
import chatroom.history.SqliteHistoryStore;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 2: a search's cost is bounded whatever the room's size. A query of three
 * or more characters reads the trigram index and looks only at matches; a shorter one
 * looks at no more than --search-scan messages (default 5,000), newest first, and says
 * when it stopped there. Here the room's one match is its oldest message, under 5,100.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchBoundSocketTest {
    private static final int FILLERS = 5_100;
    private static final String STOPPED = "* search stopped after 5000 messages; older ones were not searched";

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void fillTheLobby() throws IOException {
        try (SqliteHistoryStore store = SqliteHistoryStore.open(dataDir, false)) {
            Instant t = Instant.parse("2026-11-27T06:00:00Z");
            store.queue(StoredEvent.message("#lobby", 1, t, "ann", "the needle 明天"));
            for (int i = 2; i <= FILLERS + 1; i++) store.queue(StoredEvent.message("#lobby", i, t, "bob", "filler " + i));
            store.commit();
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void aTwoCharacterSearchStopsAtTheBoundAndSaysSoOnThePlainDoor() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS);
        PlainClient carl = server.plain("carl");

        carl.send("/search 明天");
        carl.awaitExactly("* nothing found for \"明天\"");
        carl.awaitExactly(STOPPED);
        carl.send("/search NEEDLE");
        carl.awaitExactly("* 1 found for \"NEEDLE\"");
        carl.awaitStamped("#lobby ann: the needle 明天");
        carl.awaitExactly("* end of search");

        assertThat(carl.seen()).filteredOn(line -> line.startsWith("* search stopped")).hasSize(1);
    }

    @Test
    void aJsonClientIsToldWhereTheSearchStoppedAndGoesOnFromThere() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS);
        JsonClient carl = server.json("carl");

        carl.send(new Request.Act("s1", new ChatInput.Search("明天", 0)));
        Found first = carl.awaitEvent(Found.class, f -> "s1".equals(f.replyTo()));
        carl.send(new Request.Act("s2", new ChatInput.Search("明天", first.cursor())));
        Found second = carl.awaitEvent(Found.class, f -> "s2".equals(f.replyTo()));

        assertThat(first.messages()).isEmpty();
        assertThat(first.stoppedAfter()).isEqualTo(5_000);
        assertThat(first.more()).isTrue();
        assertThat(carl.seen()).anyMatch(line -> line.contains("\"id\":\"s1\"") && line.contains("\"stoppedAfter\":5000"));
        assertThat(second.stoppedAfter()).isZero();
        assertThat(second.messages()).map(m -> ((RoomMessage) m).text()).containsExactly("the needle 明天");
    }

    @Test
    void searchScanSetsTheBound() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, RoomLimits.DEFAULTS.withSearchScan(200));
        PlainClient carl = server.plain("carl");

        carl.send("/search 42");
        carl.awaitExactly("* search stopped after 200 messages; older ones were not searched");

        // "filler 5042" and the rest are among the newest 200; "filler 42" is not.
        assertThat(carl.seen()).anyMatch(line -> line.endsWith("#lobby bob: filler 5042"))
                .noneMatch(line -> line.endsWith("#lobby bob: filler 42"));
    }
}

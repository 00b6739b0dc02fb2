package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.ChatInput;
import chatroom.chat.Event.Found;
import chatroom.chat.Limits;
import chatroom.protocol.Request;
import chatroom.testing.HeldSearches;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store work must not stop the chat (issue 12, item 2): a search runs inside SQLite, where
 * a virtual thread pins its carrier, so searches must wait on threads of the store's own
 * while their connections' threads let go; and a connection that has gone must not keep
 * its member online while its search is still being worked on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreWorkSocketTest {
    /** As many reads as the SQLite store runs at once (ReaderPool.MAX_READERS). */
    private static final int STORE_READERS = 4;

    @TempDir
    Path dataDir;

    private TestServer server;
    private HeldSearches held;

    @AfterEach
    void stopServer() {
        if (held != null) held.release(); // whatever happened, nothing stays held
        if (server != null) server.close();
    }

    private void start(Limits limits) throws IOException {
        server = TestServer.startWithStore(dataDir, limits, store -> held = new HeldSearches(store));
    }

    @Test
    void searchesStuckInSqliteDoNotHoldUpAnotherMembersMessage() throws Exception {
        start(Limits.DEFAULTS);
        JsonClient alice = server.json("alice");
        PlainClient bob = server.plain("bob");
        // More searches than the machine has carriers and than the store reads at once.
        int carriers = Runtime.getRuntime().availableProcessors();
        List<JsonClient> flood = new ArrayList<>();
        for (int i = 0; i < Math.max(carriers, STORE_READERS) + 2; i++) flood.add(server.json("flood" + i));
        for (JsonClient f : flood) f.send(new Request.Act("q", new ChatInput.Search("anything", 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.holding() >= Math.min(carriers, STORE_READERS));

        CountDownLatch seen = alice.whenSeen(line -> line.contains("\"text\":\"still here\""));
        bob.send("still here");

        assertThat(seen.await(10, TimeUnit.SECONDS)).as("bob's message reached alice while the searches were held").isTrue();
        assertThat(held.holding()).as("searches inside SQLite at once").isBetween(1, STORE_READERS);
        assertThat(flood).allSatisfy(f -> assertThat(f.seen()).noneMatch(line -> line.contains("\"type\":\"found\"")));

        held.release();
        for (JsonClient f : flood) f.awaitEvent(Found.class, found -> "q".equals(found.replyTo()));
    }

    @Test
    void aConnectionThatGoesWhileItsSearchIsHeldLeavesAtOnceAndTheSearchIsCancelled() throws Exception {
        start(Limits.DEFAULTS.withoutRateLimit()); // bob talks until the server notices alice has gone
        PlainClient alice = server.plain("alice");
        PlainClient bob = server.plain("bob");
        PlainClient carol = server.plain("carol");
        alice.send("/search anything");
        await().atMost(Duration.ofSeconds(10)).until(() -> held.holding() == 1);

        alice.abort(); // gone without a word: only a failed write tells the server
        AtomicInteger said = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            bob.send("anyone there " + said.incrementAndGet());
            assertThat(carol.seen()).anyMatch(line -> line.endsWith("* alice left (connection lost)"));
        });

        // The cancellation reaches the store's thread by an interrupt of its own, which may land after the leave is announced.
        await("the held search cancelled").atMost(Duration.ofSeconds(10)).until(() -> held.interrupted() == 1 && held.holding() == 0);
        bob.send("/who");
        bob.awaitExactly("* in #lobby (2): bob, carol");
    }
}

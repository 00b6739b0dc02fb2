package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.ChatInput;
import chatroom.chat.Limits;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Membership": "above 500 members (a flag) they are no longer broadcast, but
 * still logged", here above 2. Events in a room arrive in one order, so a join that
 * was not announced before a later message was not announced at all.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AnnounceSocketTest {
    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withAnnounceUpTo(2));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void joinsAndLeavesAboveTheLimitAreLoggedButNotBroadcast() {
        PlainClient ann = server.plain("ann");
        JsonClient bob = server.json("bob");
        ann.awaitStamped("* bob joined");

        PlainClient cy = server.plain("cy"); // the third: not announced
        ann.send("after cy came");
        ann.awaitStamped("ann: after cy came");
        cy.awaitStamped("ann: after cy came");
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals("after cy came"));

        cy.send("quit"); // leaving a room of three: not announced either
        cy.awaitEnd();
        ann.send("after cy left");
        ann.awaitStamped("ann: after cy left");

        assertThat(ann.seen()).noneMatch(line -> line.contains("* cy joined") || line.contains("* cy left"));
        assertThat(bob.seenEvents()).noneMatch(e -> e instanceof Joined j && j.name().equals("cy"));
        assertThat(cy.seen()).noneMatch(line -> line.contains("* cy left"));
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line).matches(".* JOIN #lobby - cy 127\\.0\\.0\\.1:\\d+"));
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line).matches(".* LEAVE #lobby - cy \\(quit\\) 127\\.0\\.0\\.1:\\d+"));

        // In a room of two, leaves and joins are told again, and the numbers have no gap.
        bob.quit("q");
        bob.awaitEnd();
        ann.awaitStamped("* bob left (quit)");
        JsonClient dee = server.json("dee");
        ann.awaitStamped("* dee joined");
        assertThat(bob.seenEvents()).filteredOn(e -> e instanceof Left || e instanceof RoomMessage)
                .extracting(e -> e instanceof Left l ? l.seq() : ((RoomMessage) e).seq()).containsExactly(3L, 4L, 5L);
        assertThat(dee.seenEvents()).first().isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.seq()).isEqualTo(6));
    }

    @Test
    void aWelcomeAboveTheLimitCountsEveryoneAndNamesTheFirstTwoWhileWhoAllListsEveryone() {
        server.plain("cy");
        server.plain("Ann");
        server.plain("bob");

        PlainClient dee = server.plainConnected("dee");
        dee.send("dee");
        dee.awaitExactly("* welcome dee, 4 online, the first 2: Ann, bob (/who all lists everyone)");
        JsonClient eve = server.json("eve");
        Welcome welcome = (Welcome) eve.seenEvents().get(0);
        assertThat(welcome.online()).containsExactly("Ann", "bob");
        assertThat(welcome.count()).isEqualTo(5);

        dee.send("/who all");
        dee.awaitExactly("* online (5): Ann, bob, cy, dee, eve");
    }

    @Test
    void enteringARoomAboveTheLimitCountsEveryoneThereAndNamesTheFirstTwoWhileWhoListsThemAll() {
        intoGames("cy", "* now in #games (1): cy");
        intoGames("Ann", "* now in #games (2): Ann, cy");
        JsonClient bob = server.json("bob");
        bob.send(new Request.Act("j", new ChatInput.JoinRoom("#games")));
        RoomEntered entered = bob.awaitEvent(RoomEntered.class, e -> e.room().equals("#games"));
        assertThat(entered.members()).containsExactly("Ann", "bob");
        assertThat(entered.count()).isEqualTo(3);

        PlainClient dee = intoGames("dee", "* now in #games (4), the first 2: Ann, bob (/who lists everyone here)");
        dee.send("/who");
        dee.awaitExactly("* in #games (4): Ann, bob, cy, dee");
    }

    /** A plain client named {@code name} that has gone to #games and been shown {@code entered}. */
    private PlainClient intoGames(String name, String entered) {
        PlainClient client = server.plain(name);
        client.send("/join #games");
        client.awaitExactly(entered);
        return client;
    }
}

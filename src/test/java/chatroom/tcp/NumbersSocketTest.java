package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Event.YourRooms;
import chatroom.history.SqliteHistoryStore;
import chatroom.protocol.Request;
import chatroom.testing.FaultyStore;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: a room number or private id that is in the server log is never given
 * to another event, whatever the history store lacks: events it refused (marked
 * {@code UNSTORED} in the log), rooms closed and opened again, a store emptied between runs.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NumbersSocketTest {
    private static final Pattern ROOM_NUMBER = Pattern.compile(" (?:JOIN|LEAVE|MSG|UNSTORED) (#\\S+) (\\d+)[ :]");
    private static final Pattern PRIVATE_ID = Pattern.compile(" PRIVATE (\\d+) ");

    @TempDir
    Path dataDir;

    private TestServer server;
    private FaultyStore store;

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void aPrivateMessageAndJoinsTheStoreRefusedAreMarkedAndTheirNumbersAreNotGivenAgainAfterARestart() throws IOException {
        server = TestServer.withStore(dataDir, real -> store = new FaultyStore(real));
        PlainClient ann = server.plain("ann");
        PlainClient bob = server.plain("bob");
        ann.awaitStamped("* bob joined");

        store.failing(true);
        ann.send("@bob secret");
        ann.awaitLine(l -> l.startsWith("! log-unavailable: "), "the refusal of the private message");
        PlainClient cat = server.plain("cat"); // joins and leaves go ahead without the store
        cat.send("/quit");
        ann.awaitStamped("* cat left (quit)");
        assertThat(bob.seen()).as("bob's lines").noneMatch(l -> l.contains("secret"));
        server.close();

        List<String> before = server.logLines();
        List<String> unstamped = before.stream().map(TestServer::withoutStamp).toList();
        assertThat(unstamped).as("the refused private message is logged and marked as not stored")
                .containsSubsequence("PRIVATE 1 ann -> bob: secret",
                        "UNSTORED PRIVATE 1 (history store unavailable: refused; the id stays unused)");
        assertThat(unstamped).as("so are the join and leave that went ahead without the store")
                .anyMatch(l -> l.startsWith("JOIN #lobby 3 cat "))
                .contains("UNSTORED #lobby 3 (history store unavailable: the join went ahead, not kept in the history)",
                        "UNSTORED #lobby 4 (history store unavailable: the leave went ahead, not kept in the history)");
        long lastLobby = highest(before, "#lobby");
        assertThat(lastLobby).as("the lobby's last number in the log").isGreaterThanOrEqualTo(4);

        server = TestServer.start(dataDir);
        JsonClient dan = server.json("dan");
        Welcome welcome = welcome(dan);
        assertThat(welcome.seq()).as("dan's join number after the restart").isEqualTo(lastLobby + 1);
        JsonClient eve = server.json("eve");
        dan.awaitEvent(Joined.class, j -> j.name().equals("eve"));
        dan.tell(List.of("eve"), "hello", "t");
        long id = dan.awaitEvent(Accepted.class, a -> "t".equals(a.replyTo())).privateId();
        assertThat(eve.awaitEvent(PrivateMessage.class).id()).isEqualTo(id);
        assertThat(id).as("the next private id after the restart").isEqualTo(2);
        server.close();

        assertThat(server.logLines()).as("every numbered line of both runs")
                .filteredOn(l -> !l.contains(" UNSTORED ")).map(NumbersSocketTest::number).filteredOn(n -> n != null)
                .doesNotHaveDuplicates();
    }

    @Test
    void aRoomThatClosesAndOpensAgainGoesOnAfterNumbersTheStoreRefused() throws IOException {
        server = TestServer.withStore(dataDir, real -> store = new FaultyStore(real));
        JsonClient ann = server.json("ann");

        store.failing(true);
        ann.send(new Request.Act("in", new ChatInput.JoinRoom("#games")));
        assertThat(ann.awaitEvent(RoomEntered.class, e -> "in".equals(e.replyTo())).seq()).isEqualTo(1);
        ann.send(new Request.Act("out", new ChatInput.LeaveRoom())); // #games empties and closes: its leave is number 2
        ann.awaitEvent(YourRooms.class, e -> "out".equals(e.replyTo()));
        store.failing(false);

        ann.send(new Request.Act("again", new ChatInput.JoinRoom("#games")));
        RoomEntered again = ann.awaitEvent(RoomEntered.class, e -> "again".equals(e.replyTo()));
        assertThat(again.seq()).as("the join into #games opened again, after its unstored join (1) and leave (2)").isEqualTo(3);
        server.close();
        assertThat(server.logLines()).map(TestServer::withoutStamp).filteredOn(l -> l.matches("(JOIN|LEAVE) #games .*"))
                .extracting(l -> l.split(" ")[2]).startsWith("1", "2", "3").doesNotHaveDuplicates();
    }

    @Test
    void anEmptiedStoreBesideTheLogsDoesNotStartTheNumbersAgain() throws IOException {
        server = TestServer.start(dataDir);
        JsonClient ann = server.json("ann");
        for (int i = 1; i <= 3; i++) ann.say("m" + i, "s" + i);
        ann.awaitEvent(Accepted.class, a -> "s3".equals(a.replyTo()));
        ann.send("/quit");
        server.close();
        long last = highest(server.logLines(), "#lobby");
        try (FileChannel db = FileChannel.open(dataDir.resolve(SqliteHistoryStore.FILE), StandardOpenOption.WRITE)) {
            db.truncate(0); // what the attacker did: a 0-byte history.db beside the logs
        }

        server = TestServer.start(dataDir);
        JsonClient bob = server.json("bob");
        assertThat(welcome(bob).seq()).as("bob's join number, after the log's %d", last).isEqualTo(last + 1);
        bob.say("after", "a");
        assertThat(bob.awaitEvent(Accepted.class, a -> "a".equals(a.replyTo())).seq()).isEqualTo(last + 2);
        bob.quit("q");
        bob.awaitEvent(Left.class);
        server.close();
        assertThat(server.logLines()).map(NumbersSocketTest::number).filteredOn(n -> n != null).doesNotHaveDuplicates();
    }

    private static Welcome welcome(JsonClient joined) {
        return joined.seenEvents().stream().filter(Welcome.class::isInstance).map(Welcome.class::cast).findFirst().orElseThrow();
    }

    /** The room number or private id of a log line ("#lobby 3", "private 2"), or null. */
    private static String number(String line) {
        Matcher room = ROOM_NUMBER.matcher(line);
        if (room.find()) return room.group(1) + " " + room.group(2);
        Matcher p = PRIVATE_ID.matcher(line);
        return p.find() ? "private " + p.group(1) : null;
    }

    private static long highest(List<String> lines, String room) {
        long max = 0;
        for (String line : lines) {
            Matcher m = ROOM_NUMBER.matcher(line);
            if (m.find() && m.group(1).equals(room)) max = Math.max(max, Long.parseLong(m.group(2)));
        }
        return max;
    }

}

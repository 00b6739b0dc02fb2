package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Event.RoomInfo;
import chatroom.chat.Event.RoomList;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.LeaveReason;
import chatroom.chat.Limits;
import chatroom.chat.RoomLimits;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several rooms over real sockets, from the plain door (as with nc) and the structured one (as the Chatter). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomsSocketTest {
    @TempDir
    Path dataDir;

    private TestServer server;

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void threePeopleMoveBetweenRoomsAndEachRoomHearsOnlyItsOwn() throws IOException {
        server = TestServer.start(dataDir);
        PlainClient alice = server.plain("alice");
        PlainClient bob = server.plain("bob");
        JsonClient carol = server.json("carol");
        alice.awaitStamped("* carol joined");

        bob.send("/join #games");
        bob.awaitExactly("* now in #games (1): bob");
        alice.awaitStamped("* bob left (moved to #games)");
        carol.awaitEvent(Left.class, l -> l.name().equals("bob") && l.reason() == LeaveReason.MOVED && "#games".equals(l.to()));

        carol.send(new Request.Act("j1", new ChatInput.JoinRoom("#Games")));
        RoomEntered entered = carol.awaitEvent(RoomEntered.class);
        assertThat(entered.room()).as("room names are case-folded: one room").isEqualTo("#games");
        assertThat(entered.members()).containsExactly("bob", "carol");
        assertThat(entered.replyTo()).isEqualTo("j1");
        bob.awaitStamped("* carol joined");
        alice.awaitStamped("* carol left (moved to #games)");

        alice.send("only the lobby hears this");
        bob.send("only the games room hears this");
        RoomMessage inGames = carol.awaitEvent(RoomMessage.class, m -> m.text().equals("only the games room hears this"));
        assertThat(inGames.room()).isEqualTo("#games");
        assertThat(inGames.seq()).as("numbered per room: bob's join 1, carol's 2, this 3").isEqualTo(3);
        bob.awaitStamped("bob: only the games room hears this");
        alice.awaitStamped("alice: only the lobby hears this");

        // A private message reaches a person wherever they are.
        alice.send("@carol across rooms");
        assertThat(carol.awaitEvent(PrivateMessage.class).text()).isEqualTo("across rooms");

        alice.send("/rooms");
        alice.awaitExactly("* rooms (2): #games (2), #lobby (1)");
        bob.send("/who");
        bob.awaitExactly("* in #games (2): bob, carol");
        bob.send("/who all");
        bob.awaitExactly("* online (3): alice, bob, carol");

        bob.send("/leave");
        bob.awaitExactly("* now in #lobby (2): alice, bob");
        alice.awaitStamped("* bob joined");
        carol.awaitEvent(Left.class, l -> l.name().equals("bob") && "#lobby".equals(l.to()));

        bob.send("back in the lobby");
        alice.awaitStamped("bob: back in the lobby");
        bob.awaitStamped("bob: back in the lobby");
        assertThat(alice.seen()).noneMatch(l -> l.contains("only the games room hears this"));
        List<String> bobWhileAway = bob.seen().subList(0, bob.seen().indexOf("* now in #lobby (2): alice, bob"));
        assertThat(bobWhileAway).as("bob, while in #games").noneMatch(l -> l.contains("only the lobby hears this"));
        assertThat(bob.seen()).as("back in the lobby, bob is shown what he missed there")
                .containsSubsequence("* now in #lobby (2): alice, bob", "* history of #lobby: 1 earlier message");
        assertThat(carol.seenEvents()).filteredOn(RoomMessage.class::isInstance)
                .map(e -> ((RoomMessage) e).text()).containsExactly("only the games room hears this");
        assertThat(server.logLines()).anyMatch(l -> l.contains(" MSG #games 3 bob: only the games room hears this"))
                .anyMatch(l -> l.contains(" LEAVE #lobby ") && l.contains(" bob (moved to #games) "));
    }

    @Test
    void aRoomNameThatBreaksTheRulesIsRefusedAndThePersonStaysWhereTheyWere() throws IOException {
        server = TestServer.start(dataDir);
        PlainClient alice = server.plain("alice");

        alice.send("/join games");
        alice.awaitExactly("! room-invalid: a room name starts with #, like #lobby");
        alice.send("/join #");
        alice.awaitExactly("! room-invalid: a room name (after the #) needs at least one character");
        alice.send("/join #" + "x".repeat(33));
        alice.awaitExactly("! room-invalid: a room name (after the #) has at most 32 characters, this one has 33");
        alice.send("/join #a/b");
        alice.awaitExactly("! room-invalid: a room name (after the #) may hold letters, digits, _ - and . only, not '/'");
        alice.send("/join");
        alice.awaitExactly("! room-invalid: usage: /join #ROOM");
        alice.send("/join #lobby");
        alice.awaitExactly("* you are in #lobby already");
        alice.send("/who");
        alice.awaitExactly("* in #lobby (1): alice");
    }

    @Test
    void noMoreRoomsOpenThanTheLimitAndAnEmptiedRoomNoLongerCounts() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, new RoomLimits(2, 50));
        PlainClient alice = server.plain("alice");
        PlainClient bob = server.plain("bob");

        alice.send("/join #a");
        alice.awaitExactly("* now in #a (1): alice");
        bob.send("/join #b");
        bob.awaitLine(l -> l.startsWith("! too-many-rooms: there are 2 rooms with people in them"), "too-many-rooms");
        bob.send("/who");
        bob.awaitExactly("* in #lobby (1): bob");

        alice.send("/leave"); // #a empties and closes
        alice.awaitExactly("* now in #lobby (2): alice, bob");
        bob.send("/join #b");
        bob.awaitExactly("* now in #b (1): bob");
        alice.send("/rooms");
        alice.awaitExactly("* rooms (2): #b (1), #lobby (1)");
    }

    @Test
    void aQuitInARoomOtherThanTheLobbyIsAnnouncedThereAndTheRoomCloses() throws IOException {
        server = TestServer.start(dataDir);
        JsonClient ann = server.json("ann");
        JsonClient bob = server.json("bob");
        ann.send(new Request.Act("1", new ChatInput.JoinRoom("#x")));
        ann.awaitEvent(RoomEntered.class);
        bob.send(new Request.Act("2", new ChatInput.JoinRoom("#x")));
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob") && j.room().equals("#x"));

        bob.quit("3");
        ann.awaitEvent(Left.class, l -> l.name().equals("bob") && l.reason() == LeaveReason.QUIT && l.room().equals("#x"));
        ann.send(new Request.Act("4", new ChatInput.LeaveRoom()));
        ann.awaitEvent(RoomEntered.class, r -> r.room().equals("#lobby"));
        ann.send(new Request.Act("5", new ChatInput.Rooms()));
        assertThat(ann.awaitEvent(RoomList.class).rooms()).containsExactly(new RoomInfo("#lobby", 1));
    }
}

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
import chatroom.chat.Event.YourRooms;
import chatroom.chat.LeaveReason;
import chatroom.chat.Limits;
import chatroom.chat.RoomLimits;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several rooms over real sockets, from the plain door (as with nc) and the structured one (as the Chatter). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomsSocketTest extends ServerTest {
    @Test
    void peopleInSeveralRoomsHearEachRoomAndTalkWhereTheyChoseWithOtherRoomsNamed() throws IOException {
        server = TestServer.start(dataDir);
        PlainClient alice = server.plain("alice");
        PlainClient bob = server.plain("bob");
        JsonClient carol = server.json("carol");
        alice.awaitStamped("* carol joined");

        bob.send("/join #games");
        bob.awaitExactly("* now in #games (1): bob");
        carol.send(new Request.Act("j1", new ChatInput.JoinRoom("#Games")));
        RoomEntered entered = carol.awaitEvent(RoomEntered.class);
        assertThat(entered.room()).as("room names are case-folded: one room").isEqualTo("#games");
        assertThat(entered.members()).containsExactly("bob", "carol");
        assertThat(entered.replyTo()).isEqualTo("j1");
        bob.awaitStamped("* carol joined");

        // Entering #games left nobody's lobby: alice still has them both there.
        alice.send("/who");
        alice.awaitExactly("* in #lobby (3): alice, bob, carol");
        alice.send("only the lobby hears this");
        bob.awaitStamped("#lobby alice: only the lobby hears this");
        assertThat(carol.awaitEvent(RoomMessage.class, m -> m.text().equals("only the lobby hears this")).room())
                .isEqualTo("#lobby");

        // Plain text goes to the room one talks in: the one entered last.
        bob.send("only the games room hears this");
        RoomMessage inGames = carol.awaitEvent(RoomMessage.class, m -> m.text().equals("only the games room hears this"));
        assertThat(inGames.room()).isEqualTo("#games");
        assertThat(inGames.seq()).as("numbered per room: bob's join 1, carol's 2, this 3").isEqualTo(3);
        bob.awaitStamped("bob: only the games room hears this");
        bob.send("/who");
        bob.awaitExactly("* in #games (2): bob, carol");
        bob.send("/myrooms");
        bob.awaitExactly("* you talk in #games; your rooms (2): #lobby, #games");

        // /join of a room one is in: talk there from now on.
        bob.send("/join #lobby");
        bob.awaitExactly("* you talk in #lobby; your rooms (2): #lobby, #games");
        bob.send("back to the lobby");
        alice.awaitStamped("bob: back to the lobby");
        carol.send(new Request.Act("s1", new ChatInput.InRoom("#games", new ChatInput.Say("to #games by name"))));
        bob.awaitStamped("#games carol: to #games by name");

        // A private message reaches a person wherever they are.
        alice.send("@carol across rooms");
        assertThat(carol.awaitEvent(PrivateMessage.class).text()).isEqualTo("across rooms");

        bob.send("/part #games");
        bob.awaitStamped("#games * bob left (parted)");
        bob.awaitExactly("* you talk in #lobby; your rooms (1): #lobby");
        carol.awaitEvent(Left.class, l -> l.name().equals("bob") && l.reason() == LeaveReason.PARTED
                && l.room().equals("#games"));
        bob.send("/part");
        bob.awaitExactly("! last-room: you are only in #lobby, where everyone starts; /quit leaves the chat");
        bob.send("/part #games");
        bob.awaitExactly("! not-in-room: you are not in #games");

        assertThat(alice.seen()).noneMatch(l -> l.contains("games"));
        // Each room in its own order; between two rooms no order is promised.
        assertThat(carol.seenEvents()).filteredOn(e -> e instanceof RoomMessage m && m.room().equals("#lobby"))
                .map(e -> ((RoomMessage) e).text()).containsExactly("only the lobby hears this", "back to the lobby");
        assertThat(carol.seenEvents()).filteredOn(e -> e instanceof RoomMessage m && m.room().equals("#games"))
                .map(e -> ((RoomMessage) e).text()).containsExactly("only the games room hears this", "to #games by name");
        assertThat(server.logLines()).anyMatch(l -> l.contains(" MSG #games 3 bob: only the games room hears this"))
                .anyMatch(l -> l.contains(" LEAVE #games ") && l.contains(" bob (parted) "))
                .noneMatch(l -> l.contains(" LEAVE #lobby ") && l.contains(" bob "));
    }

    @Test
    void aPersonIsInAtMostMaxRoomsPerPersonRoomsAndIsToldSoWithItsOwnCode() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, RoomLimits.DEFAULTS.withMaxRoomsPerPerson(3).withoutHeavyBudget());
        PlainClient alice = server.plain("alice");
        alice.send("/join #a");
        alice.awaitExactly("* now in #a (1): alice");
        alice.send("/join #b");
        alice.awaitExactly("* now in #b (1): alice");
        alice.send("/join #c");
        alice.awaitExactly("! in-too-many-rooms: you are in 3 rooms, the most one person may be in here; /part one first");
        alice.send("/join #a");
        alice.awaitExactly("* you talk in #a; your rooms (3): #lobby, #a, #b");
        alice.send("/part #b");
        alice.awaitExactly("* you talk in #a; your rooms (2): #lobby, #a");
        alice.send("/join #c");
        alice.awaitExactly("* now in #c (1): alice");
        alice.send("/rooms");
        alice.awaitExactly("* rooms (3): #a (1), #c (1), #lobby (1)");
    }

    @Test
    void leaveStillTakesOneBackToTheLobbyWithAMoveAnnouncedAndPartingTheLastRoomDoesToo() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, RoomLimits.DEFAULTS.withoutHeavyBudget());
        PlainClient alice = server.plain("alice");
        PlainClient bob = server.plain("bob");
        bob.send("/join #games");
        bob.awaitExactly("* now in #games (1): bob");
        alice.send("/join #games");
        alice.awaitExactly("* now in #games (2): alice, bob");

        alice.send("/leave");
        bob.awaitStamped("* alice left (moved to #lobby)");
        alice.awaitExactly("* you talk in #lobby; your rooms (1): #lobby");
        alice.send("/leave");
        alice.awaitExactly("* you are in #lobby already");

        // Out of the lobby, into #x alone: parting #x, the last room, goes back to the lobby.
        alice.send("/join #x");
        alice.awaitExactly("* now in #x (1): alice");
        alice.send("/part #lobby");
        alice.awaitExactly("* you talk in #x; your rooms (1): #x");
        bob.awaitStamped("#lobby * alice left (parted)");
        alice.send("/part");
        alice.awaitExactly("* now in #lobby (2): alice, bob");
        bob.awaitStamped("#lobby * alice joined");
        alice.send("/myrooms");
        alice.awaitExactly("* you talk in #lobby; your rooms (1): #lobby");
        alice.send("/rooms");
        alice.awaitExactly("* rooms (2): #games (1), #lobby (2)");
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
        alice.awaitExactly("* you talk in #lobby; your rooms (1): #lobby");
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
        bob.send("/myrooms");
        bob.awaitExactly("* you talk in #lobby; your rooms (1): #lobby");

        alice.send("/leave"); // #a empties and closes
        alice.awaitExactly("* you talk in #lobby; your rooms (1): #lobby");
        bob.send("/join #b");
        bob.awaitExactly("* now in #b (1): bob");
        alice.send("/rooms");
        alice.awaitExactly("* rooms (2): #b (1), #lobby (2)");
    }

    @Test
    void aQuitFromSeveralRoomsIsAnnouncedInEachAndTheRoomsItEmptiedClose() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, RoomLimits.DEFAULTS.withoutHeavyBudget());
        JsonClient ann = server.json("ann");
        JsonClient bob = server.json("bob");
        ann.send(new Request.Act("1", new ChatInput.JoinRoom("#x")));
        ann.awaitEvent(RoomEntered.class);
        bob.send(new Request.Act("2", new ChatInput.JoinRoom("#x")));
        bob.awaitEvent(RoomEntered.class);
        bob.send(new Request.Act("2b", new ChatInput.JoinRoom("#y")));
        bob.awaitEvent(RoomEntered.class, r -> r.room().equals("#y"));
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob") && j.room().equals("#x"));

        bob.quit("3");
        ann.awaitEvent(Left.class, l -> l.name().equals("bob") && l.reason() == LeaveReason.QUIT && l.room().equals("#x"));
        ann.awaitEvent(Left.class, l -> l.name().equals("bob") && l.reason() == LeaveReason.QUIT && l.room().equals("#lobby"));
        ann.send(new Request.Act("4", new ChatInput.LeaveRoom()));
        YourRooms mine = ann.awaitEvent(YourRooms.class, r -> "4".equals(r.replyTo()));
        assertThat(mine.rooms()).containsExactly("#lobby");
        assertThat(mine.current()).isEqualTo("#lobby");
        ann.send(new Request.Act("5", new ChatInput.Rooms()));
        assertThat(ann.awaitEvent(RoomList.class).rooms()).as("#x and #y emptied and closed")
                .containsExactly(new RoomInfo("#lobby", 1));
        // The name was let go only after bob had left every room: whoever sees him leave may take it.
        assertThat(server.json("bob").seen()).anyMatch(l -> l.contains("\"type\":\"welcome\""));
    }

    @Test
    void aKickOfSomeoneInSeveralRoomsIsToldInEachAndTakesThemOutOfAll() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, RoomLimits.DEFAULTS.withoutHeavyBudget());
        JsonClient ann = server.json("ann");
        JsonClient bob = server.json("bob");
        ann.send(new Request.Act("1", new ChatInput.MyRooms()));
        assertThat(ann.awaitEvent(YourRooms.class).rooms()).containsExactly("#lobby");
        bob.send(new Request.Act("2", new ChatInput.JoinRoom("#x")));
        bob.awaitEvent(RoomEntered.class);
        bob.send(new Request.Act("3", new ChatInput.InRoom("#nowhere", new ChatInput.Who(false))));
        assertThat(bob.awaitEvent(chatroom.chat.Event.Refused.class, r -> "3".equals(r.replyTo())).code())
                .isEqualTo(chatroom.chat.ErrorCode.NOT_IN_ROOM);
        bob.send(new Request.Act("4", new ChatInput.InRoom("#lobby", new ChatInput.Who(false))));
        assertThat(bob.awaitEvent(chatroom.chat.Event.WhoList.class, w -> "4".equals(w.replyTo())).names())
                .as("/who about one's other room").containsExactly("ann", "bob");
        bob.quit("5");
        ann.awaitEvent(Left.class, l -> l.name().equals("bob") && l.room().equals("#lobby"));
        assertThat(ann.seenEvents()).as("ann is not in #x: nothing of it reaches her")
                .noneMatch(e -> e instanceof Left l && l.room().equals("#x"));
    }
}

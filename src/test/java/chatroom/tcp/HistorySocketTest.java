package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Found;
import chatroom.chat.Event.History;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Limits;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;
import chatroom.history.SqliteHistoryStore;
import chatroom.testing.Damage;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestLimits;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What was said before one arrived: replay on entering a room, paging back, search; over real sockets and a real store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistorySocketTest extends ServerTest {
    private static final Limits LIMITS = TestLimits.raised();


    /** Sends {@code texts} as room messages and waits until each was accepted, so all are stored. */
    private static void sayAll(JsonClient who, List<String> texts) {
        for (int i = 0; i < texts.size(); i++) who.say(texts.get(i), "s" + i);
        who.awaitEvent(Accepted.class, a -> ("s" + (texts.size() - 1)).equals(a.replyTo()));
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + " " + i).toList();
    }

    private static List<String> texts(List<Event> messages) {
        return messages.stream().map(e -> e instanceof RoomMessage m ? m.text() : ((PrivateMessage) e).text()).toList();
    }

    @Test
    void aLateJoinerOnThePlainDoorSeesWhatWasSaidMarkedAsHistoryThenLiveMessages() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        JsonClient alice = server.json("alice");
        sayAll(alice, List.of("good morning", "two\nlines", "third"));

        PlainClient bob = server.plainConnected("bob");
        bob.send("bob");
        bob.awaitWelcome("bob");
        List<String> replay = bob.awaitLines(l -> true, 6, "the replay");
        assertThat(replay.get(0)).isEqualTo("* history of #lobby: 3 earlier messages");
        assertThat(replay.subList(1, 5)).map(PlainClient::unstamped)
                .containsExactly("alice: good morning", "alice: two", null, "alice: third");
        assertThat(replay.get(3)).isEqualTo("  | lines");
        assertThat(replay.get(5)).isEqualTo("* end of history");

        alice.say("now live", "live");
        bob.awaitStamped("alice: now live");
    }

    @Test
    void aClientThatAsksForNoHistoryGetsNone() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        JsonClient alice = server.json("alice");
        sayAll(alice, List.of("one", "two"));

        JsonClient bot = server.jsonConnected("bot");
        bot.send(new Request.Hello("h", JsonCodec.VERSION, "bot", 0));
        bot.awaitEvent(Welcome.class);
        alice.say("after the bot", "x");
        bot.awaitEvent(RoomMessage.class, m -> m.text().equals("after the bot"));
        assertThat(bot.seenEvents()).noneMatch(History.class::isInstance);
    }

    @Test
    void historyPagesFurtherBackUntilTheBeginning() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        JsonClient alice = server.json("alice");
        sayAll(alice, numbered("m", 1, 60));

        JsonClient bob = server.json("bob");
        History first = bob.awaitEvent(History.class);
        assertThat(texts(first.messages())).isEqualTo(numbered("m", 11, 60));
        assertThat(first.more()).isTrue();

        bob.send(new Request.Act("p1", new ChatInput.PageBack(6, 0)));
        History second = bob.awaitEvent(History.class, h -> "p1".equals(h.replyTo()));
        assertThat(texts(second.messages())).isEqualTo(numbered("m", 5, 10));

        bob.send(new Request.Act("p2", new ChatInput.PageBack(50, 0)));
        History third = bob.awaitEvent(History.class, h -> "p2".equals(h.replyTo()));
        assertThat(texts(third.messages())).isEqualTo(numbered("m", 1, 4));
        assertThat(third.more()).isFalse();

        bob.send(new Request.Act("p3", new ChatInput.PageBack(50, 0)));
        assertThat(bob.awaitEvent(History.class, h -> "p3".equals(h.replyTo())).messages()).isEmpty();

        // A structured client may page from any cursor it was given.
        bob.send(new Request.Act("p4", new ChatInput.PageBack(3, second.cursor())));
        assertThat(texts(bob.awaitEvent(History.class, h -> "p4".equals(h.replyTo())).messages()))
                .isEqualTo(numbered("m", 2, 4));
    }

    @Test
    void searchIgnoresCaseAndFindsShortChineseWordsInTheRoomOnly() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        JsonClient alice = server.json("alice");
        sayAll(alice, List.of("Die STRASSE ist lang", "我们明天见", "nothing here", "see you 明天 then"));
        alice.send(new Request.Act("g", new ChatInput.JoinRoom("#games")));
        sayAll(alice, List.of("明天 in another room"));

        PlainClient bob = server.plain("bob");
        bob.send("/search straße");
        bob.awaitExactly("* 1 found for \"straße\"");
        assertThat(PlainClient.unstamped(bob.nextLine())).isEqualTo("#lobby alice: Die STRASSE ist lang");
        bob.awaitExactly("* end of search");

        bob.send("/search 明天");
        bob.awaitExactly("* 2 found for \"明天\"");
        assertThat(List.of(bob.nextLine(), bob.nextLine())).map(PlainClient::unstamped)
                .containsExactly("#lobby alice: 我们明天见", "#lobby alice: see you 明天 then");
        bob.awaitExactly("* end of search");

        bob.send("/search 100%");
        bob.awaitExactly("* nothing found for \"100%\"");
    }

    @Test
    void aMessageIsFoundBySearchAsSoonAsItIsSaid() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        PlainClient alice = server.plain("alice");
        for (int i = 1; i <= 5; i++) {
            alice.send("word zebra" + i);
            alice.send("/search zebra" + i); // the next line: no wait for the store's search index to catch up
            alice.awaitExactly("* 1 found for \"zebra" + i + "\"");
            assertThat(PlainClient.unstamped(alice.nextLine())).isEqualTo("#lobby alice: word zebra" + i);
        }
    }

    /**
     * The search index is a file of its own beside history.db: damaged, the restarted server
     * builds it again in the background, and a search meanwhile finds everything said.
     */
    @Test
    void aDamagedSearchIndexIsBuiltAgainAndSearchFindsEverythingMeanwhile() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        JsonClient alice = server.json("alice");
        sayAll(alice, numbered("needle", 1, 30));
        server.close();
        Damage.pagesAfterTheFirst(dataDir.resolve(SqliteHistoryStore.INDEX_FILE));

        server = TestServer.start(dataDir, LIMITS);
        JsonClient bob = server.json("bob");
        bob.send(new Request.Act("f1", new ChatInput.Search("NEEDLE", 0)));
        assertThat(texts(bob.awaitEvent(Found.class, f -> "f1".equals(f.replyTo())).messages())).isEqualTo(numbered("needle", 1, 30));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> indexedTo(dataDir.resolve(SqliteHistoryStore.INDEX_FILE)) >= 30);
        bob.send(new Request.Act("f2", new ChatInput.Search("NEEDLE", 0)));
        assertThat(texts(bob.awaitEvent(Found.class, f -> "f2".equals(f.replyTo())).messages())).isEqualTo(numbered("needle", 1, 30));
    }

    /** How far the search index reaches, -1 while it cannot be read. */
    private static long indexedTo(Path index) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + index); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT indexed_to FROM indexed")) {
            return r.next() ? r.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    @Test
    void privateMessagesComeBackOnlyToTheConnectionsThatSentOrReceivedThem() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        JsonClient alice = server.json("alice");
        JsonClient bob = server.json("bob");
        alice.tell(List.of("bob"), "the secret plan", "t");
        bob.awaitEvent(PrivateMessage.class);
        sayAll(alice, List.of("public plan"));

        // The two ends see it again in search and history.
        alice.send(new Request.Act("s1", new ChatInput.Search("plan", 0)));
        assertThat(texts(alice.awaitEvent(Found.class, f -> "s1".equals(f.replyTo())).messages()))
                .containsExactly("the secret plan", "public plan");
        bob.send(new Request.Act("h1", new ChatInput.PageBack(10, Long.MAX_VALUE)));
        assertThat(texts(bob.awaitEvent(History.class, h -> "h1".equals(h.replyTo())).messages()))
                .contains("the secret plan", "public plan");

        // A third party does not, on joining, in history or in search.
        JsonClient carol = server.json("carol");
        carol.send(new Request.Act("s2", new ChatInput.Search("plan", 0)));
        assertThat(texts(carol.awaitEvent(Found.class, f -> "s2".equals(f.replyTo())).messages())).containsExactly("public plan");
        carol.send(new Request.Act("h2", new ChatInput.PageBack(200, Long.MAX_VALUE)));
        carol.awaitEvent(History.class, h -> "h2".equals(h.replyTo()));
        assertThat(carol.seen()).noneMatch(l -> l.contains("the secret plan"));

        // Nor does whoever takes bob's name after bob has gone.
        bob.quit("q");
        bob.awaitEnd();
        JsonClient newBob = server.json("bob");
        newBob.send(new Request.Act("s3", new ChatInput.Search("secret", 0)));
        assertThat(newBob.awaitEvent(Found.class, f -> "s3".equals(f.replyTo())).messages()).isEmpty();
        newBob.send(new Request.Act("h3", new ChatInput.PageBack(200, Long.MAX_VALUE)));
        newBob.awaitEvent(History.class, h -> "h3".equals(h.replyTo()));
        assertThat(newBob.seen()).noneMatch(l -> l.contains("the secret plan"));
    }

    @Test
    void historySurvivesARestartAndNumbersGoOn() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        JsonClient alice = server.json("alice");
        sayAll(alice, List.of("before the restart"));
        alice.tell(List.of("alice"), "note to self", "p");
        long lastPrivate = alice.awaitEvent(PrivateMessage.class).id();
        alice.send(new Request.Act("g", new ChatInput.JoinRoom("#games")));
        sayAll(alice, List.of("games before"));
        long lastLobby = alice.seenEvents().stream().filter(e -> e instanceof Accepted a && "#lobby".equals(a.room()))
                .mapToLong(e -> ((Accepted) e).seq()).max().orElseThrow();
        server.close();

        server = TestServer.start(dataDir, LIMITS);
        JsonClient bob = server.json("bob");
        History replay = bob.awaitEvent(History.class);
        assertThat(texts(replay.messages())).containsExactly("before the restart");
        Welcome welcome = (Welcome) bob.seenEvents().stream().filter(Welcome.class::isInstance).findFirst().orElseThrow();
        assertThat(welcome.seq()).as("the lobby's numbers go on after the restart").isGreaterThan(lastLobby);

        bob.tell(List.of("bob"), "new private", "p2");
        assertThat(bob.awaitEvent(PrivateMessage.class).id()).as("private ids never repeat").isGreaterThan(lastPrivate);

        // An empty room's history is kept; entering it again replays it and its numbers go on too.
        bob.send(new Request.Act("g2", new ChatInput.JoinRoom("#games")));
        History games = bob.awaitEvent(History.class, h -> h.room().equals("#games"));
        assertThat(texts(games.messages())).containsExactly("games before");
        bob.say("games after", "ga");
        RoomMessage after = bob.awaitEvent(RoomMessage.class, m -> m.text().equals("games after"));
        assertThat(after.seq()).isGreaterThan(((RoomMessage) games.messages().getLast()).seq());
    }
}

package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Event.WhoList;
import chatroom.chat.Limits;
import chatroom.history.SqliteHistoryStore;
import chatroom.protocol.Request;
import chatroom.testing.Damage;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.WebSocketClient;
import chatroom.testing.WebTestServer;
import chatroom.web.OriginRule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 5: {@code history.db} damaged under a running server. Whoever joins
 * through any door (plain, JSON, WebSocket) is welcomed and told, with a {@code !} error,
 * that past messages cannot be shown; {@code /history}, {@code /search} and opening a
 * room say the same; a message the store cannot take is refused; nobody is dropped, no
 * SQLite or Java text reaches anyone, and the server carries on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DamagedStoreSocketTest {
    /** The error code for "the store cannot be read", as it goes on the wire (docs/PROTOCOL.md, error codes). */
    private static final String HISTORY_UNAVAILABLE = "history-unavailable";
    /** What a client must never be shown: the store's or Java's own words. */
    private static final List<String> LEAKS = List.of("SQLITE", "sqlite", "Exception", "malformed", "history.db", "at chatroom.");

    @TempDir
    Path dataDir;

    @Test
    void joiningAndReadingThePastGiveAClearErrorThroughEveryDoorAndNobodyIsDropped() throws IOException {
        try (WebTestServer before = WebTestServer.start(dataDir, Limits.DEFAULTS.withoutRateLimit(), 0, 0, OriginRule.sameOrigin())) {
            PlainClient ann = before.plain("ann");
            for (int i = 1; i <= 40; i++) ann.send("message " + i + " " + "x".repeat(200));
            ann.awaitStamped("ann: message 40 " + "x".repeat(200));
        } // closed: everything is in history.db, none of it in a WAL

        try (WebTestServer server = WebTestServer.start(dataDir)) {
            Damage.pagesAfterTheFirst(dataDir.resolve(SqliteHistoryStore.FILE));

            PlainClient bob = server.plain("bob");
            bob.awaitLine(l -> l.startsWith("! history-unavailable: "), "bob's history-unavailable error");
            JsonClient cat = server.json("cat");
            Refused catTold = cat.awaitEvent(Refused.class);
            assertThat(catTold.code().wire()).isEqualTo(HISTORY_UNAVAILABLE);
            assertThat(catTold.replyTo()).as("the welcome answered the hello; this error is about the replay").isNull();
            WebSocketClient dan = WebSocketClient.connect(server.socket(), null);
            dan.send("{\"type\":\"hello\",\"version\":1,\"name\":\"dan\",\"id\":\"h\"}");
            dan.awaitEvent(Welcome.class, w -> "h".equals(w.replyTo()));
            assertThat(dan.awaitEvent(Refused.class, r -> true).code().wire()).isEqualTo(HISTORY_UNAVAILABLE);

            bob.send("/history");
            bob.awaitLine(l -> l.startsWith("! history-unavailable: "), "the /history refusal");
            bob.send("/search message");
            bob.awaitLine(l -> l.startsWith("! history-unavailable: "), "the /search refusal");
            cat.send(new Request.Act("j", new ChatInput.JoinRoom("#new")));
            Refused notOpened = cat.awaitEvent(Refused.class, r -> "j".equals(r.replyTo()));
            assertThat(notOpened.code().wire()).isEqualTo(HISTORY_UNAVAILABLE);
            assertThat(notOpened.text()).startsWith("cannot open #new right now");

            cat.say("can anyone hear me?", "s");
            Object answer = cat.awaitAnyEvent(e -> e instanceof Accepted a && "s".equals(a.replyTo())
                    || e instanceof Refused r && "s".equals(r.replyTo()), "the answer to cat's message");
            if (answer instanceof Refused r) {
                assertThat(r.code()).as("a message the damaged store cannot take").isEqualTo(ErrorCode.LOG_UNAVAILABLE);
            } else {
                bob.awaitLine(l -> l.endsWith("cat: can anyone hear me?"), "cat's message, which the store took");
            }

            // Everyone is still there, and the server still answers and lets people in.
            bob.send("/who");
            bob.awaitLine(l -> l.equals("* in #lobby (3): bob, cat, dan"), "bob's /who");
            cat.send(new Request.Act("w", new ChatInput.Who(false)));
            assertThat(cat.awaitEvent(WhoList.class, w -> "w".equals(w.replyTo())).names()).containsExactly("bob", "cat", "dan");
            PlainClient eve = server.plain("eve");
            bob.awaitStamped("* eve joined");
            eve.awaitLine(l -> l.startsWith("! history-unavailable: "), "eve's history-unavailable error");

            List<String> everything = new ArrayList<>();
            everything.addAll(bob.seen());
            everything.addAll(cat.seen());
            everything.addAll(dan.seen());
            everything.addAll(eve.seen());
            assertThat(everything).as("what the members were sent").noneMatch(l -> LEAKS.stream().anyMatch(l::contains));
            assertThat(dan.awaitClosed(Duration.ofMillis(1))).as("the WebSocket is still open (-2: not closed)").isEqualTo(-2);
        }
    }
}

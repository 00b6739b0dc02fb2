package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.History;
import chatroom.chat.Event.Notice;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Role;
import chatroom.testing.PlainClient;
import chatroom.testing.WebSocketClient;
import chatroom.testing.WebTestServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Accounts and moderation at the WebSocket, without a browser: what a page is sent. */
@Timeout(60)
class WebSocketAccountsTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path tmp;

    private static WebSocketClient signedIn(WebTestServer server, String name) {
        WebSocketClient web = WebSocketClient.connect(server.socket(), null);
        web.send("{\"type\":\"hello\",\"version\":1,\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"id\":\"h\"}");
        web.awaitEvent(Welcome.class, w -> "h".equals(w.replyTo()));
        return web;
    }

    @Test
    void anAddressBanTurnsAWebSocketAwayAsItOpensBeforeItSaysWhoItIs() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            assertThat(server.accounts().add("mod", PASSWORD, Role.MODERATOR).done()).isTrue();
            PlainClient mod = PlainClient.connect(server.tcp(), "mod");
            mod.send("mod");
            mod.send(PASSWORD);
            mod.awaitWelcome("mod");
            mod.send("/ban 127.0.0.3 1h");
            mod.awaitLine(l -> l.startsWith("* mod banned 127.0.0.3"), "the ban");

            WebSocketClient banned = WebSocketClient.connectFrom(server.socket(), null, InetAddress.getByName("127.0.0.3"));
            Closing closing = banned.awaitEvent(Closing.class, c -> true);
            assertThat(closing.code()).isEqualTo(ErrorCode.BANNED);
            assertThat(closing.text()).startsWith("127.0.0.3 is banned by mod until ");
            banned.awaitClosed(Duration.ofSeconds(10));
            assertThat(banned.seen()).noneMatch(f -> f.contains("\"welcome\""));

            // Another address is let in as before.
            WebSocketClient other = WebSocketClient.connectFrom(server.socket(), null, InetAddress.getByName("127.0.0.4"));
            other.send("{\"type\":\"hello\",\"version\":1,\"name\":\"gus\",\"id\":\"h\"}");
            other.awaitEvent(Welcome.class, w -> true);
            mod.close();
            other.close();
        }
    }

    @Test
    void aSecondWebSocketOfAnAccountIsWelcomedWithTheRoomsReplayAndThenHearsItLive() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            assertThat(server.accounts().add("alice", PASSWORD, Role.MEMBER).done()).isTrue();
            WebSocketClient laptop = signedIn(server, "alice");
            laptop.send("{\"type\":\"say\",\"text\":\"before the phone\",\"id\":\"1\"}");
            laptop.awaitEvent(RoomMessage.class, m -> m.text().equals("before the phone"));

            WebSocketClient phone = signedIn(server, "alice");
            History replay = phone.awaitEvent(History.class, h -> true);
            assertThat(replay.messages()).extracting(m -> ((RoomMessage) m).text()).containsExactly("before the phone");
            phone.awaitEvent(Notice.class, n -> n.text().startsWith("you are signed in as alice on 2 connections"));
            laptop.send("{\"type\":\"say\",\"text\":\"after the phone\",\"id\":\"2\"}");
            phone.awaitEvent(RoomMessage.class, m -> m.text().equals("after the phone"));
            laptop.close();
            phone.close();
        }
    }
}

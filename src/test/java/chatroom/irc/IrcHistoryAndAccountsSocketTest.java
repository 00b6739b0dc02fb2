package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Role;
import chatroom.testing.IrcTestClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The replay on entering a room, as a chathistory batch or time-prefixed lines; registered nicks with PASS and SASL PLAIN. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcHistoryAndAccountsSocketTest extends ServerTest {
    private static final String PASSWORD = "correct horse battery";


    @Test
    void aClientWithBatchAndServerTimeGetsTheReplayAsAChathistoryBatch() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient bob = server.plain("bob");
        bob.send("first");
        bob.send("second");
        bob.awaitStamped("bob: second");
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("CAP LS 302");
        alice.irc("NICK alice");
        alice.irc("USER alice 0 * :alice");
        alice.irc("CAP REQ :batch server-time");
        alice.irc("CAP END");
        // As ergo and the clients that know it: the JOIN, the names, then the past.
        alice.awaitIrc(":alice!chat@chatroom JOIN #lobby");
        alice.awaitIrc(":chatroom 366 alice #lobby :.*");
        alice.awaitIrc(":chatroom BATCH \\+h1 chathistory #lobby");
        alice.awaitIrc("@batch=h1;time=\\S+Z :bob!chat@chatroom PRIVMSG #lobby :first");
        alice.awaitIrc("@batch=h1;time=\\S+Z :bob!chat@chatroom PRIVMSG #lobby :second");
        alice.awaitIrc(":chatroom BATCH -h1");

        bob.send("/join #games");
        bob.send("in games");
        bob.awaitStamped("bob: in games");
        alice.irc("JOIN #games");
        List<String> order = alice.awaitIrcLines(":alice!chat@chatroom JOIN #games|:chatroom 353 alice = #games :.*"
                + "|:chatroom 366 alice #games :.*|:chatroom BATCH \\+h2 chathistory #games|@batch=h2;.* :in games", 5);
        assertThat(order.get(0)).endsWith("JOIN #games");
        assertThat(order.get(1)).contains(" 353 ");
        assertThat(order.get(2)).contains(" 366 ");
        assertThat(order.get(3)).contains("BATCH +h2");
        assertThat(order.get(4)).endsWith(":in games");
    }

    @Test
    void aClientWithDraftChathistoryIsPlayedNoHistoryUnasked() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient bob = server.plain("bob");
        bob.send("first");
        bob.awaitStamped("bob: first");
        IrcTestClient alice = IrcTestClient.registerWith(server.ircAddress(), "alice", "batch server-time draft/chathistory");
        alice.irc("CHATHISTORY LATEST #lobby * 10");
        alice.awaitIrc(":chatroom BATCH \\+h1 chathistory #lobby");
        alice.awaitIrc("@batch=h1;.* :first");
        assertThat(alice.ircSeen()).filteredOn(l -> l.endsWith(":first")).as("only the page asked for").hasSize(1);
    }

    @Test
    void aClientWithoutThemGetsTheReplayWithTheTimeInFrontOfEachLine() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient bob = server.plain("bob");
        bob.send("/join #games");
        bob.send("earlier on");
        bob.awaitStamped("bob: earlier on");
        IrcTestClient alice = server.irc("alice");
        alice.irc("JOIN #games");
        alice.awaitIrc(":alice!chat@chatroom JOIN #games");
        alice.awaitIrc(":bob!chat@chatroom PRIVMSG #games :\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\] earlier on");
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains("BATCH"));
    }

    @Test
    void aRegisteredNickNeedsItsPasswordByPass() throws Exception {
        server = TestServer.start(dataDir);
        assertThat(server.accounts().add("alice", PASSWORD, Role.MEMBER).done()).isTrue();
        IrcTestClient without = server.ircConnected("without");
        without.irc("NICK alice");
        without.irc("USER alice 0 * :alice");
        without.awaitIrc(":chatroom 433 alice alice :alice is registered; send its password \\(PASS or SASL PLAIN\\), or pick another nick");
        IrcTestClient wrong = server.ircConnected("wrong");
        wrong.irc("PASS nope-nope-nope");
        wrong.irc("NICK alice");
        wrong.irc("USER alice 0 * :alice");
        wrong.awaitIrc(":chatroom 464 alice :that is not the password of alice; try again");
        IrcTestClient right = server.ircConnected("right");
        right.irc("PASS :" + PASSWORD);
        right.irc("NICK alice");
        right.irc("USER alice 0 * :alice");
        right.awaitIrc(":chatroom 001 alice :.*");
    }

    @Test
    void saslPlainSignsInBeforeCapEndAndAWrongPasswordGets904() throws Exception {
        server = TestServer.start(dataDir);
        assertThat(server.accounts().add("alice", PASSWORD, Role.MODERATOR).done()).isTrue();
        IrcTestClient wrong = server.ircConnected("wrong");
        wrong.irc("CAP LS 302");
        wrong.irc("NICK someone");
        wrong.irc("USER x 0 * :x");
        wrong.irc("CAP REQ :sasl");
        wrong.irc("AUTHENTICATE PLAIN");
        wrong.awaitIrc("AUTHENTICATE \\+");
        wrong.irc("AUTHENTICATE " + plain("alice", "not it at all"));
        wrong.awaitIrc(":chatroom 904 someone :that is not the password of alice; try again");
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("CAP LS 302");
        alice.irc("NICK whatever");
        alice.irc("USER x 0 * :x");
        alice.irc("CAP REQ :sasl multi-prefix");
        alice.irc("AUTHENTICATE PLAIN");
        alice.awaitIrc("AUTHENTICATE \\+");
        alice.irc("AUTHENTICATE " + plain("alice", PASSWORD));
        alice.awaitIrc(":chatroom 900 whatever alice!chat@chatroom alice :You are now logged in as alice");
        alice.awaitIrc(":chatroom 903 whatever :SASL authentication successful");
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains(" 001 "));
        alice.irc("CAP END");
        alice.awaitIrc(":chatroom 001 alice :.*");
        alice.awaitIrc(":chatroom 353 alice = #lobby :%alice");
    }

    @Test
    void anAccountOnlineElsewhereSignsInOnIrcTooAndIsShownTheRoomItIsIn() throws Exception {
        server = TestServer.start(dataDir);
        assertThat(server.accounts().add("alice", PASSWORD, Role.MEMBER).done()).isTrue();
        PlainClient plain = server.plainConnected("alice-plain");
        plain.send("alice");
        plain.send(PASSWORD);
        plain.awaitLine(l -> l.startsWith("* welcome alice,"), "the welcome");
        plain.send("/join #games");
        plain.awaitLine("\\* now in #games.*");
        IrcTestClient irc = server.ircConnected("alice-irc");
        irc.irc("PASS :" + PASSWORD);
        irc.irc("NICK alice");
        irc.irc("USER alice 0 * :alice");
        irc.awaitIrc(":chatroom 001 alice :.*");
        irc.awaitIrc(":alice!chat@chatroom JOIN #games");
        irc.awaitIrc(":chatroom 366 alice #games :.*");
        PlainClient bob = server.plain("bob");
        bob.send("/join #games");
        bob.send("hello both");
        irc.awaitIrc(":bob!chat@chatroom PRIVMSG #games :hello both");
        plain.awaitStamped("bob: hello both");
        irc.irc("PRIVMSG #games :from the irc connection");
        bob.awaitStamped("alice: from the irc connection");
        plain.awaitStamped("alice: from the irc connection"); // the account's other connection sees what it said
    }

    private static String plain(String account, String password) {
        return Base64.getEncoder().encodeToString(("\0" + account + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}

package chatroom.irc;

import chatroom.chat.Limits;
import chatroom.testing.IrcTestClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.tls.TlsTestServer;
import chatroom.testing.TestServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The IRC door under the server's limits and over TLS: the rules of the other doors, in IRC's words. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcLimitsSocketTest extends ServerTest {
    @Test
    void aMessageOverTheRateIsRefusedWithANoticeNamingWhatWasNotSent() throws Exception {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withRate(0.5, 1));
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        alice.irc("PRIVMSG #lobby :one");
        alice.irc("PRIVMSG #lobby :two");
        alice.awaitIrc(":chatroom NOTICE alice :rate-limited \\(PRIVMSG #lobby\\): .*");
        bob.awaitStamped("alice: one");
    }

    @Test
    void aTooLongTextIsRefusedWithANotice() throws Exception {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxText(10));
        IrcTestClient alice = server.irc("alice");
        alice.irc("PRIVMSG #lobby :this is more than ten");
        alice.awaitIrc(":chatroom NOTICE alice :text-too-long \\(PRIVMSG #lobby\\): a message has at most 10 characters, this one has 21");
    }

    @Test
    void aConnectionOverTheLimitPerAddressIsTurnedAwayWithAnIrcError() throws Exception {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxConnections(100, 1));
        server.irc("alice");
        IrcTestClient second = server.ircConnected("second");
        second.irc("NICK second");
        second.awaitIrc("ERROR :too-many-from-address: 127\\.0\\.0\\.1 already has 1 connection \\(the limit\\)");
        second.awaitEnd();
    }

    @Test
    void anIrcClientOverTlsChatsWithThePlainDoor(@TempDir Path dir) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(dir)) {
            SSLSocket socket = tls.keys.connect(tls.server.startIrcTls(tls.serverKeys));
            IrcTestClient alice = tls.server.closesWithServer(IrcTestClient.over(socket, "alice"));
            alice.irc("NICK alice");
            alice.irc("USER alice 0 * :alice");
            alice.awaitIrc(":alice!chat@chatroom JOIN #lobby");
            PlainClient bob = tls.server.plain("bob");
            alice.irc("PRIVMSG #lobby :over TLS");
            bob.awaitStamped("alice: over TLS");
        }
    }
}

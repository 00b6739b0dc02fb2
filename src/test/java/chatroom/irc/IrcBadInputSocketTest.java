package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Limits;
import chatroom.testing.IrcTestClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the IRC door does with lines it cannot take: each is refused with why, and the connection carries on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcBadInputSocketTest extends ServerTest {
    @Test
    void aLineOverMaxLineBytesGets417NamingTheFlagWhileOneOver512BytesIsTaken() throws Exception {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxLineBytes(1024));
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        String over512 = "y".repeat(700);
        alice.irc("PRIVMSG #lobby :" + over512);
        bob.awaitStamped("alice: " + over512);
        alice.irc("PRIVMSG #lobby :" + "z".repeat(2000));
        alice.awaitIrc(":chatroom 417 alice :a line may have at most 1024 bytes, this one had \\d+; it was dropped \\(--max-line-bytes applies, not IRC's 512\\)");
        alice.irc("PRIVMSG #lobby :still here");
        bob.awaitStamped("alice: still here");
    }

    @Test
    void bareCrNulMalformedTagsAndSourcesAreRefusedAndTheConnectionCarriesOn() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        alice.sendRaw("PRIVMSG #lobby :a\rb\r\n".getBytes(StandardCharsets.UTF_8));
        alice.awaitIrc(":chatroom NOTICE alice :bad-frame: that line held a bare CR, which IRC does not allow inside a line; it was dropped");
        alice.sendRaw("PRIVMSG #lobby :a\0b\r\n".getBytes(StandardCharsets.UTF_8));
        alice.awaitIrc(":chatroom NOTICE alice :bad-frame: that line held a NUL.*");
        alice.irc("@ PRIVMSG #lobby :x");
        alice.awaitIrc(":chatroom NOTICE alice :bad-frame: that line is not IRC \\('@' must be followed by tags\\); it was dropped");
        alice.irc("@a=b");
        alice.awaitIrc(":chatroom NOTICE alice :bad-frame: that line is not IRC \\(a line with tags needs a command after them\\).*");
        alice.irc(":alice");
        alice.awaitIrc(":chatroom NOTICE alice :bad-frame: that line is not IRC \\(a line with a source.*");
        alice.irc("@bad!tag=1 PRIVMSG #lobby :x");
        alice.awaitIrc(":chatroom NOTICE alice :bad-frame: that line is not IRC \\('bad!tag' is not a tag name\\).*");
        alice.irc("PRIV-MSG #lobby :x");
        alice.awaitIrc(":chatroom NOTICE alice :bad-frame: that line is not IRC \\(a command is letters or three digits.*");
        alice.sendRaw(new byte[] {'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', '#', 'l', 'o', 'b', 'b', 'y', ' ', ':', (byte) 0xC3, '\r', '\n'});
        alice.awaitIrc(":chatroom NOTICE alice :invalid-utf8: that line was not valid UTF-8; it was dropped");
        alice.irc("@+draft/reply=1;time=x :alice!x@y PRIVMSG #lobby :tags and a source are read past");
        bob.awaitStamped("alice: tags and a source are read past");
        alice.irc("PRIVMSG #lobby :\u0001VERSION\u0001");
        alice.awaitIrc(":chatroom NOTICE alice :CTCP requests other than ACTION are not carried.*");
        assertThat(bob.seen()).noneMatch(l -> l.contains("VERSION") || l.contains("\u0000") || l.contains("a\rb"));
    }

    @Test
    void anUnknownCapabilityIsRefusedWithNakAndNothingIsEnabled() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("CAP LS");
        alice.awaitIrc(":chatroom CAP \\* LS :away-notify batch cap-notify draft/chathistory echo-message message-tags draft/multiline multi-prefix sasl server-time");
        alice.irc("CAP REQ :echo-message draft/no-such-cap");
        alice.awaitIrc(":chatroom CAP \\* NAK :echo-message draft/no-such-cap");
        alice.irc("CAP LIST");
        alice.awaitIrc(":chatroom CAP \\* LIST :");
    }
}

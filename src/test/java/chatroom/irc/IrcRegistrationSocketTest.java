package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.IrcTestClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Registration on the IRC door: NICK, USER, CAP, PASS; the welcome numerics; nicks the chat refuses. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcRegistrationSocketTest extends ServerTest {
    @Test
    void nickAndUserRegisterWithWelcomeNumericsIsupportMotdAndTheJoinOfTheLobby() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient bob = server.plain("bob");
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("NICK alice");
        alice.irc("USER alice 0 * :Alice Liddell");
        alice.awaitIrc(":chatroom 001 alice :Welcome to chatroom, alice");
        alice.awaitIrc(":chatroom 002 alice :.*");
        alice.awaitIrc(":chatroom 003 alice :.*");
        alice.awaitIrc(":chatroom 004 alice chatroom test - :nt");
        String isupport = alice.awaitIrc(":chatroom 005 alice .* :are supported by this server");
        assertThat(isupport).contains("CASEMAPPING=rfc8265", "CHANTYPES=#", "NICKLEN=32", "CHANNELLEN=33", "CHANLIMIT=#:20",
                "TARGMAX=", "PREFIX=(oh)@%", "UTF8ONLY");
        alice.awaitIrc(":chatroom 375 alice :.*");
        alice.awaitIrc(":chatroom 376 alice :End of /MOTD command");
        alice.awaitIrc(":alice!chat@chatroom JOIN #lobby");
        alice.awaitIrc(":chatroom 353 alice = #lobby :alice bob|:chatroom 353 alice = #lobby :bob alice");
        alice.awaitIrc(":chatroom 366 alice #lobby :End of /NAMES list");
        bob.awaitStamped("* alice joined");
    }

    @Test
    void capNegotiationHoldsRegistrationUntilCapEndAndAcksOnlyKnownCaps() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("CAP LS 302");
        alice.irc("NICK alice");
        alice.irc("USER alice 0 * :alice");
        String ls = alice.awaitIrc(":chatroom CAP \\* LS :.*");
        assertThat(ls).contains("server-time", "message-tags", "echo-message", "batch", "multi-prefix", "cap-notify", "sasl=PLAIN");
        alice.irc("CAP REQ :server-time no-such-cap");
        alice.awaitIrc(":chatroom CAP alice NAK :server-time no-such-cap");
        alice.irc("CAP REQ :server-time echo-message");
        alice.awaitIrc(":chatroom CAP alice ACK :server-time echo-message");
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains(" 001 "));
        alice.irc("CAP LIST");
        alice.awaitIrc(":chatroom CAP alice LIST :server-time echo-message");
        alice.irc("CAP END");
        alice.awaitIrc(":chatroom 001 alice :.*");
        alice.awaitIrc(":alice!chat@chatroom JOIN #lobby");
        alice.irc("CAP FROB");
        alice.awaitIrc(":chatroom 410 alice FROB :Invalid CAP command");
    }

    @Test
    void aTakenNickIsRefusedWith433AndAnotherNickThenRegisters() throws Exception {
        server = TestServer.start(dataDir);
        server.plain("alice");
        IrcTestClient irc = server.ircConnected("irc");
        irc.irc("NICK alice");
        irc.irc("USER alice 0 * :alice");
        irc.awaitIrc(":chatroom 433 alice alice :alice is already here");
        irc.irc("NICK ALICE");
        irc.awaitIrc(":chatroom 433 ALICE ALICE :alice is already here");
        irc.irc("NICK alice_");
        irc.awaitIrc(":chatroom 001 alice_ :.*");
    }

    @Test
    void aNickThatIsNoChatroomNameIsRefusedWith432AndALookAlikeWith433() throws Exception {
        server = TestServer.start(dataDir);
        server.plain("oko");
        IrcTestClient irc = server.ircConnected("irc");
        irc.irc("USER x 0 * :x");
        irc.irc("NICK a/b");
        irc.awaitIrc(":chatroom 432 a/b a/b :.*");
        irc.irc("NICK pаypal"); // a Cyrillic а among Latin letters
        irc.awaitIrc(":chatroom 432 pаypal pаypal :a name may not mix the Latin and Cyrillic scripts");
        irc.irc("NICK око"); // all Cyrillic
        irc.awaitIrc(":chatroom 433 око око :око looks too much like oko.*");
        irc.irc("NICK Ünïcödé");
        irc.awaitIrc(":chatroom 001 Ünïcödé :.*");
    }

    @Test
    void aClientRetryingATakenNickOverAndOverIsClosedAtTheNameDeadlineNotBefore() throws Exception {
        server = TestServer.start(dataDir, chatroom.chat.Limits.DEFAULTS.withNameTimeout(java.time.Duration.ofSeconds(2)));
        server.plain("alice");
        IrcTestClient irc = server.ircConnected("irc");
        irc.irc("USER alice 0 * :alice");
        for (int i = 0; i < 500; i++) irc.irc("NICK alice");
        irc.awaitIrcLines(":chatroom 433 alice alice :.*", 500);
        irc.awaitIrc("ERROR :name-timeout: no name received within 2 s");
        irc.awaitEnd();
        // Each try is answered, but the log notes at most 20 refusals a second (and how many it left out).
        assertThat(server.logLines().stream().filter(l -> l.contains("name-taken")).count()).isBetween(1L, 80L);
        assertThat(server.onlineCount()).isEqualTo(1);
    }

    @Test
    void commandsBeforeRegistrationGet451AndMissingParameters461() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient irc = server.ircConnected("irc");
        irc.irc("JOIN #games");
        irc.awaitIrc(":chatroom 451 \\* :You have not registered.*");
        irc.irc("USER x");
        irc.awaitIrc(":chatroom 461 \\* USER :Not enough parameters");
        irc.irc("PING abc");
        irc.awaitIrc(":chatroom PONG chatroom :abc");
    }

    @Test
    void aNickChangeAfterRegistrationIsRefusedCleanly() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        alice.irc("NICK alicia");
        alice.awaitIrc(":chatroom 447 alice :chatroom names do not change while connected; reconnect as alicia");
        alice.irc("USER a 0 * :a");
        alice.awaitIrc(":chatroom 462 alice :You may not reregister");
    }
}

package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.AccountRules;
import chatroom.chat.Role;
import chatroom.testing.IrcTestClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Moderation seen from IRC: a moderator's KICK, the notices and the leave, a mute refusing messages as 404. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcModerationSocketTest extends ServerTest {
    private static final String PASSWORD = "correct horse battery";


    private IrcTestClient signIn(String nick) {
        IrcTestClient c = server.closesWithServer(IrcTestClient.connect(server.ircAddress(), nick));
        c.irc("PASS :" + PASSWORD);
        c.irc("NICK " + nick);
        c.irc("USER " + nick + " 0 * :" + nick);
        c.awaitIrc(":chatroom 366 " + nick + " #lobby :.*");
        return c;
    }

    @Test
    void aModeratorKicksFromIrcAndIrcSeesTheNoticeAndTheLeave() throws Exception {
        server = TestServer.withAccountRules(dataDir, a -> new AccountRules(a, false, true));
        assertThat(server.accounts().add("mod", PASSWORD, Role.MODERATOR).done()).isTrue();
        IrcTestClient mod = signIn("mod");
        PlainClient alice = server.plain("alice");
        IrcTestClient carol = server.irc("carol");
        carol.irc("NAMES #lobby");
        carol.awaitIrc(":chatroom 353 carol = #lobby :.*%mod.*");
        carol.irc("KICK #lobby alice :not you");
        carol.awaitIrc(":chatroom 482 carol alice :/kick is for moderators and admins; you are a guest");
        mod.irc("KICK #lobby alice :spamming");
        alice.awaitExactly("! kicked: you were kicked by mod: spamming");
        carol.awaitIrc(":chatroom NOTICE carol :mod kicked alice: spamming");
        carol.awaitIrc(":alice!chat@chatroom QUIT :kicked");
        alice.awaitEnd();
    }

    @Test
    void aMutedIrcUsersMessageIsRefusedWith404() throws Exception {
        server = TestServer.withAccountRules(dataDir, a -> new AccountRules(a, false, true));
        assertThat(server.accounts().add("mod", PASSWORD, Role.MODERATOR).done()).isTrue();
        PlainClient mod = server.plainConnected("mod");
        mod.send("mod");
        mod.send(PASSWORD);
        mod.awaitLine(l -> l.startsWith("* welcome mod,"), "the welcome");
        IrcTestClient carol = server.irc("carol");
        mod.send("/mute carol 10m too loud");
        carol.awaitIrc(":chatroom NOTICE carol :you were muted by mod: too loud.*");
        carol.irc("PRIVMSG #lobby :can anyone hear me");
        carol.awaitIrc(":chatroom 404 carol #lobby :you were muted by mod: too loud.*");
        assertThat(mod.seen()).noneMatch(l -> l.contains("can anyone hear me"));
    }
}

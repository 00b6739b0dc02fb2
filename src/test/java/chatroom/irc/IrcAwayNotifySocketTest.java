package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event;
import chatroom.testing.IrcTestClient;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** away-notify: a client that asked for it sees those it shares a channel with go away and come back. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcAwayNotifySocketTest extends ServerTest {
    private IrcTestClient withAwayNotify(String nick) {
        return IrcTestClient.registerWith(server.ircAddress(), nick, "away-notify");
    }

    @Test
    void someoneInASharedChannelGoingAwayAndComingBackIsSentAsAway() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = withAwayNotify("alice");
        PlainClient bob = server.plain("bob");
        alice.awaitIrc(":bob!chat@chatroom JOIN #lobby");
        bob.send("/away lunch");
        alice.awaitIrc(":bob!chat@chatroom AWAY :lunch");
        bob.send("/back");
        alice.awaitIrc(":bob!chat@chatroom AWAY");
    }

    @Test
    void anIrcClientsOwnAwayReachesTheOthersAndAJsonClientAsAnAwayFrame() throws Exception {
        server = TestServer.start(dataDir);
        JsonClient carol = server.json("carol");
        IrcTestClient alice = server.irc("alice");
        alice.irc("AWAY :in a meeting");
        alice.awaitIrc(":chatroom 306 alice :You have been marked as being away");
        carol.awaitEvent(Event.AwayChanged.class, a -> a.name().equals("alice") && "in a meeting".equals(a.message()));
        alice.irc("AWAY");
        carol.awaitEvent(Event.AwayChanged.class, a -> a.name().equals("alice") && a.message() == null);
    }

    @Test
    void nobodyOutsideTheRoomsAndNoClientWithoutTheCapIsTold() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = withAwayNotify("alice");
        IrcTestClient plainIrc = server.irc("dave");
        PlainClient bob = server.plain("bob");
        bob.send("/join #games");
        bob.send("/part #lobby");
        alice.awaitIrc(":bob!chat@chatroom PART #lobby.*");
        bob.send("/away lunch");
        bob.send("/join #lobby");
        alice.awaitIrc(":bob!chat@chatroom JOIN #lobby");
        bob.send("/back");
        bob.send("after coming back"); // handled after the /back, so queued behind its AWAY
        alice.awaitIrc(":bob!chat@chatroom AWAY");
        alice.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :after coming back");
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains("AWAY :lunch"));
        plainIrc.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :after coming back");
        assertThat(plainIrc.ircSeen()).noneMatch(l -> l.contains(" AWAY"));
    }
}

package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event.Notice;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.WhoList;
import chatroom.client.TestChatter;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /away and /back: a private message to someone away gets their away message back, at every door. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AwaySocketTest extends ServerTest {
    @Test
    void aPrivateMessageToSomeoneAwayGetsTheirAwayMessageAsANoticeAtEachDoor() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient bob = server.plain("bob");
        bob.send("/away at lunch, back at 2");
        bob.awaitExactly("* you are away (at lunch, back at 2); /back when you return");

        PlainClient alice = server.plain("alice");
        alice.send("@bob are you there?");
        alice.awaitStamped("[private] alice -> bob: are you there?");
        assertThat(alice.nextLine()).isEqualTo("* bob is away: at lunch, back at 2");
        bob.awaitStamped("[private] alice -> bob: are you there?");

        JsonClient carol = server.json("carol");
        carol.send(new Request.Act("t1", new ChatInput.Tell(List.of("bob"), "hi")));
        carol.awaitEvent(PrivateMessage.class, p -> p.text().equals("hi"));
        assertThat(carol.awaitEvent(Notice.class).text()).isEqualTo("bob is away: at lunch, back at 2");
        carol.send(new Request.Act("w1", new ChatInput.Who(false)));
        WhoList who = carol.awaitEvent(WhoList.class);
        assertThat(who.names()).containsExactly("alice", "bob", "carol");
        assertThat(who.away()).containsExactly("bob");

        try (TestChatter dan = TestChatter.join(server.address(), dataDir.resolve("logs"), "dan")) {
            dan.type("@bob from the Chatter");
            dan.awaitShown(l -> l.equals("* bob is away: at lunch, back at 2"), "bob's away message");
        }

        bob.send("/back");
        bob.awaitExactly("* you are back");
        alice.send("@bob now?");
        alice.awaitStamped("[private] alice -> bob: now?");
        alice.send("/who");
        alice.awaitExactly("* in #lobby (3): alice, bob, carol");
        assertThat(alice.seen()).filteredOn(l -> l.contains("is away")).hasSize(1);
    }
}

package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Limits;
import chatroom.testing.IrcTestClient;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** draft/multiline (IRCv3): a chat message of several lines as one batch both ways, its limits and its FAILs. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcMultilineSocketTest extends ServerTest {
    @Test
    void theCapIsOfferedWithTheChatsLimits() throws Exception {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxText(1000));
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("CAP LS 302");
        alice.awaitIrc(":chatroom CAP \\* LS :.* draft/multiline=max-bytes=4000,max-lines=1000 .*");
    }

    @Test
    void aMessageOfSeveralLinesReachesAClientWithTheCapAsOneBatchAndOthersAsLines() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = IrcTestClient.registerWith(server.ircAddress(), "alice", "batch draft/multiline");
        IrcTestClient carol = IrcTestClient.registerWith(server.ircAddress(), "carol", "message-tags");
        JsonClient bob = server.json("bob");
        bob.say("first\n\nthird " + "x".repeat(600), "m1");

        String open = alice.awaitIrc(":bob!chat@chatroom BATCH \\+(m\\d+) draft/multiline #lobby");
        String id = open.split(" ")[2].substring(1);
        alice.awaitIrc("@batch=" + id + " :bob!chat@chatroom PRIVMSG #lobby :first");
        alice.awaitIrc("@batch=" + id + " :bob!chat@chatroom PRIVMSG #lobby :");
        alice.awaitIrc("@batch=" + id + " :bob!chat@chatroom PRIVMSG #lobby :third x+");
        alice.awaitIrc("@batch=" + id + ";draft/multiline-concat :bob!chat@chatroom PRIVMSG #lobby :x+");
        alice.awaitIrc("BATCH -" + id);

        String first = carol.awaitIrc("@msgid=lobby:\\d+ :bob!chat@chatroom PRIVMSG #lobby :first");
        assertThat(first).startsWith("@msgid=");
        carol.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby : ");
        carol.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :third x+");
        carol.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :x+");
        assertThat(carol.ircSeen()).noneMatch(l -> l.contains("BATCH"));
    }

    @Test
    void aClientsBatchIsOneMessageForTheOtherDoorsLinesJoinedOrConcatenated() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient pat = server.plain("pat");
        JsonClient bob = server.json("bob");
        IrcTestClient alice = IrcTestClient.registerWith(server.ircAddress(), "alice", "batch draft/multiline echo-message");
        alice.irc("BATCH +123 draft/multiline #lobby");
        alice.irc("@batch=123 PRIVMSG #lobby hello");
        alice.irc("@batch=123 PRIVMSG #lobby :");
        alice.irc("@batch=123 PRIVMSG #lobby :how is ");
        alice.irc("@batch=123;draft/multiline-concat PRIVMSG #lobby :\u0002everyone\u0002?");
        alice.irc("BATCH -123");

        RoomMessage said = bob.awaitEvent(RoomMessage.class, m -> m.from().equals("alice"));
        assertThat(said.text()).isEqualTo("hello\n\nhow is everyone?");
        pat.awaitStamped("alice: hello");
        pat.awaitLine(l -> l.equals("  | how is everyone?"), "the last line, marked as a continuation");
        String echo = alice.awaitIrc(":alice!chat@chatroom BATCH \\+(m\\d+) draft/multiline #lobby");
        alice.awaitIrc("@batch=" + echo.split(" ")[2].substring(1) + " :alice!chat@chatroom PRIVMSG #lobby :how is everyone\\?");
    }

    @Test
    void aBatchToANickIsOnePrivateMessage() throws Exception {
        server = TestServer.start(dataDir);
        JsonClient bob = server.json("bob");
        IrcTestClient alice = IrcTestClient.registerWith(server.ircAddress(), "alice", "batch draft/multiline");
        alice.irc("BATCH +p draft/multiline bob");
        alice.irc("@batch=p PRIVMSG bob :one");
        alice.irc("@batch=p PRIVMSG bob :two");
        alice.irc("BATCH -p");
        PrivateMessage p = bob.awaitEvent(PrivateMessage.class, m -> m.from().equals("alice"));
        assertThat(p.text()).isEqualTo("one\ntwo");
        assertThat(p.to()).containsExactly("bob");
    }

    @Test
    void limitsAndMalformedBatchesAreRefusedWithTheSpecsFailCodesAndNothingIsSent() throws Exception {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxText(5)); // max-bytes 20, max-lines 5
        JsonClient bob = server.json("bob");
        IrcTestClient alice = IrcTestClient.registerWith(server.ircAddress(), "alice", "batch draft/multiline");

        alice.irc("BATCH +a draft/multiline #lobby");
        for (int i = 0; i < 7; i++) alice.irc("@batch=a PRIVMSG #lobby :" + i);
        alice.irc("BATCH -a");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_MAX_LINES 5 :the batch is over max-lines; it was dropped");

        alice.irc("BATCH +b draft/multiline #lobby");
        alice.irc("@batch=b PRIVMSG #lobby :0123456789");
        alice.irc("@batch=b PRIVMSG #lobby :0123456789");
        alice.irc("BATCH -b");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_MAX_BYTES 20 :the batch's text is over max-bytes; it was dropped");

        alice.irc("BATCH +c draft/multiline #lobby");
        alice.irc("@batch=c PRIVMSG #games :hi");
        alice.irc("BATCH -c");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID_TARGET #lobby #games :every line of the batch goes to its target");

        alice.irc("BATCH +d draft/multiline #lobby");
        alice.irc("@batch=d PRIVMSG #lobby :hi");
        alice.irc("@batch=d NOTICE #lobby :there");
        alice.irc("BATCH -d");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID :a multiline batch holds PRIVMSG or NOTICE lines, not both");

        alice.irc("BATCH +e draft/multiline #lobby");
        alice.irc("@batch=e PRIVMSG #lobby :hi ");
        alice.irc("@batch=e;draft/multiline-concat PRIVMSG #lobby :");
        alice.irc("BATCH -e");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID :a line tagged draft/multiline-concat may not be blank");

        alice.irc("BATCH +f draft/multiline #lobby");
        alice.irc("@batch=f PRIVMSG #lobby :");
        alice.irc("@batch=f PRIVMSG #lobby :");
        alice.irc("BATCH -f");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID :a multiline batch of blank lines only \\(or of none\\) says nothing");

        alice.irc("@batch=zz PRIVMSG #lobby :stray");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID :no batch zz is open; that line was dropped");
        alice.irc("BATCH +g other-type #lobby");
        alice.irc("BATCH -g");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID :only draft/multiline batches are taken from clients, not 'other-type'");
        alice.irc("BATCH oops");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID :a batch's reference starts with \\+ to open it and - to close it");

        alice.irc("PRIVMSG #lobby :fine");
        RoomMessage said = bob.awaitEvent(RoomMessage.class, m -> m.from().equals("alice"));
        assertThat(said.text()).as("nothing of the refused batches reached the room").isEqualTo("fine");
    }

    @Test
    void aBatchFromAClientWithoutTheCapIsRefused() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = IrcTestClient.registerWith(server.ircAddress(), "alice", "batch");
        alice.irc("BATCH +a draft/multiline #lobby");
        alice.irc("@batch=a PRIVMSG #lobby :hi");
        alice.irc("BATCH -a");
        alice.awaitIrc(":chatroom FAIL BATCH MULTILINE_INVALID :request draft/multiline and batch \\(CAP REQ\\) before sending a multiline batch");
        assertThat(List.copyOf(alice.ircSeen())).noneMatch(l -> l.contains("PRIVMSG #lobby :hi"));
    }
}

package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.IrcTestClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CHATHISTORY (IRCv3 draft/chathistory): pages of a room's past as chathistory batches, and its FAILs. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcChathistorySocketTest {
    @TempDir
    Path dataDir;

    private TestServer server;

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    private IrcTestClient withHistoryCaps(String nick) {
        IrcTestClient client = IrcTestClient.registerWith(server.ircAddress(), nick, "batch server-time message-tags draft/chathistory");
        assertThat(client.ircSeen()).anyMatch(l -> l.matches(":chatroom CAP \\* LS :.*draft/chathistory.*"))
                .anyMatch(l -> l.matches(":chatroom 005 " + nick + " .*CHATHISTORY=200.*"));
        return client;
    }

    @Test
    void latestThenBeforePagesBackThroughTheRoomWithMsgidAndTime() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient bob = server.plain("bob");
        for (int i = 1; i <= 5; i++) bob.send("line " + i);
        bob.awaitStamped("bob: line 5");
        IrcTestClient alice = withHistoryCaps("alice");

        alice.irc("CHATHISTORY LATEST #lobby * 2");
        String open = alice.awaitIrc(":chatroom BATCH \\+(h\\d+) chathistory #lobby");
        String id = open.split(" ")[2].substring(1);
        String four = alice.awaitIrc("@batch=" + id + ";msgid=(\\d+);time=\\S+Z :bob!chat@chatroom PRIVMSG #lobby :line 4");
        alice.awaitIrc("@batch=" + id + ";msgid=\\d+;time=\\S+Z :bob!chat@chatroom PRIVMSG #lobby :line 5");
        alice.awaitIrc(":chatroom BATCH -" + id);
        String msgid = four.substring("@batch=".length() + id.length() + ";msgid=".length()).split(";")[0];

        alice.irc("CHATHISTORY BEFORE #lobby msgid=" + msgid + " 2");
        String older = alice.awaitIrc(":chatroom BATCH \\+(h\\d+) chathistory #lobby").split(" ")[2].substring(1);
        List<String> page = alice.awaitIrcLines("@batch=" + older + ";.* PRIVMSG #lobby :line \\d", 2);
        assertThat(page.get(0)).endsWith(":line 2");
        assertThat(page.get(1)).endsWith(":line 3");
        alice.awaitIrc(":chatroom BATCH -" + older);
    }

    @Test
    void whatTheChatCannotPageIsRefusedWithFail() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = withHistoryCaps("alice");
        alice.irc("CHATHISTORY AFTER #lobby msgid=1 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS AFTER :only LATEST and BEFORE are kept.*");
        alice.irc("CHATHISTORY LATEST #lobby * many");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS LATEST :the limit must be a number from 1 to 200");
        alice.irc("CHATHISTORY BEFORE #lobby msgid=999 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS BEFORE :BEFORE takes the msgid of the oldest message of a page sent here.*");
        alice.irc("CHATHISTORY LATEST #games * 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_TARGET LATEST #games :you are not in #games \\(JOIN it first\\)");
        alice.irc("CHATHISTORY LATEST");
        alice.awaitIrc(":chatroom 461 alice CHATHISTORY :Not enough parameters");
    }

    @Test
    void aNickTargetGetsAnEmptyBatch() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = withHistoryCaps("alice");
        alice.irc("CHATHISTORY LATEST bob * 10");
        alice.awaitIrc(":chatroom BATCH \\+p1 chathistory bob");
        alice.awaitIrc(":chatroom BATCH -p1");
    }
}

package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.IrcTestClient;
import chatroom.testing.ManualClock;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestLimits;
import chatroom.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CHATHISTORY (IRCv3 draft/chathistory): stretches of a room's past as chathistory batches, by msgid or timestamp, and its FAILs. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcChathistorySocketTest extends ServerTest {
    private static final Pattern LIVE = Pattern.compile("@msgid=(lobby:\\d+);time=(\\S+) :bob!chat@chatroom PRIVMSG #lobby :line (\\d+)");


    private IrcTestClient withHistoryCaps(String nick) {
        IrcTestClient client = IrcTestClient.registerWith(server.ircAddress(), nick, "batch server-time message-tags draft/chathistory");
        assertThat(client.ircSeen()).anyMatch(l -> l.matches(":chatroom CAP \\* LS :.*draft/chathistory.*"))
                .anyMatch(l -> l.matches(":chatroom 005 " + nick + " .*CHATHISTORY=200 MSGREFTYPES=msgid,timestamp.*"));
        return client;
    }

    /** bob says "line 1" to "line 5" (a second apart) while alice watches: each line's msgid and time as alice saw them live. */
    private record Said(String[] msgid, String[] time) {}

    private Said fiveLinesSeenBy(IrcTestClient alice, ManualClock clock) {
        PlainClient bob = server.plain("bob");
        String[] msgid = new String[6];
        String[] time = new String[6];
        for (int i = 1; i <= 5; i++) {
            if (clock != null) clock.advance(Duration.ofSeconds(1));
            bob.send("line " + i);
            Matcher live = LIVE.matcher(alice.awaitIrc(LIVE.pattern().replace("(\\d+)$", i + "$").replace("line (\\d+)", "line " + i)));
            assertThat(live.matches()).isTrue();
            msgid[i] = live.group(1);
            time[i] = live.group(2);
        }
        return new Said(msgid, time);
    }

    /** Sends a CHATHISTORY request and returns the numbers of the lines in its batch, in the order sent. */
    private static List<Integer> batch(IrcTestClient alice, String request) {
        int before = alice.ircSeen().size();
        alice.irc(request);
        String open = alice.awaitIrc(":chatroom BATCH \\+(h\\d+) chathistory #lobby");
        String id = open.split(" ")[2].substring(1);
        alice.awaitIrc(":chatroom BATCH -" + id);
        List<String> seen = alice.ircSeen();
        return seen.subList(before, seen.size()).stream().filter(l -> l.startsWith("@batch=" + id + ";"))
                .map(l -> Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1))).toList();
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
        String four = alice.awaitIrc("@batch=" + id + ";msgid=(lobby:\\d+);time=\\S+Z :bob!chat@chatroom PRIVMSG #lobby :line 4");
        alice.awaitIrc("@batch=" + id + ";msgid=lobby:\\d+;time=\\S+Z :bob!chat@chatroom PRIVMSG #lobby :line 5");
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
    void anyMessageOfTheRoomIsAReferenceByTheMsgidItCameWith() throws Exception {
        // Heavy requests unlimited: eleven pages in a row are more than the default burst.
        server = TestServer.start(dataDir, chatroom.chat.Limits.DEFAULTS, new chatroom.chat.RoomLimits(1_000, 50, 0, 10, 0, 50, 5_000, 20));
        IrcTestClient alice = withHistoryCaps("alice");
        Said said = fiveLinesSeenBy(alice, null);

        assertThat(batch(alice, "CHATHISTORY BEFORE #lobby msgid=" + said.msgid[4] + " 10")).containsExactly(1, 2, 3);
        assertThat(batch(alice, "CHATHISTORY BEFORE #lobby msgid=" + said.msgid[4] + " 2")).containsExactly(2, 3);
        assertThat(batch(alice, "CHATHISTORY AFTER #lobby msgid=" + said.msgid[2] + " 2")).containsExactly(3, 4);
        assertThat(batch(alice, "CHATHISTORY AFTER #lobby msgid=" + said.msgid[5] + " 10")).isEmpty();
        assertThat(batch(alice, "CHATHISTORY LATEST #lobby msgid=" + said.msgid[2] + " 2")).containsExactly(4, 5);
        assertThat(batch(alice, "CHATHISTORY LATEST #lobby msgid=" + said.msgid[3] + " 10")).containsExactly(4, 5);
        assertThat(batch(alice, "CHATHISTORY AROUND #lobby msgid=" + said.msgid[3] + " 4")).containsExactly(1, 2, 3, 4);
        assertThat(batch(alice, "CHATHISTORY AROUND #lobby msgid=" + said.msgid[3] + " 1")).containsExactly(3);
        assertThat(batch(alice, "CHATHISTORY BETWEEN #lobby msgid=" + said.msgid[1] + " msgid=" + said.msgid[5] + " 2"))
                .as("counted forwards from the first").containsExactly(2, 3);
        assertThat(batch(alice, "CHATHISTORY BETWEEN #lobby msgid=" + said.msgid[5] + " msgid=" + said.msgid[1] + " 2"))
                .as("counted backwards from the first").containsExactly(3, 4);
        assertThat(batch(alice, "CHATHISTORY BETWEEN #lobby msgid=" + said.msgid[1] + " msgid=" + said.msgid[5] + " 100"))
                .containsExactly(2, 3, 4);
    }

    @Test
    void timestampsSelectByTheTimeEachMessageWasStored() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T06:00:00Z"), TestServer.ZONE);
        server = TestServer.start(dataDir, chatroom.chat.Limits.DEFAULTS, clock);
        IrcTestClient alice = withHistoryCaps("alice");
        Said said = fiveLinesSeenBy(alice, clock);
        assertThat(said.time[3]).isEqualTo("2026-11-27T06:00:03.000Z");

        assertThat(batch(alice, "CHATHISTORY BEFORE #lobby timestamp=" + said.time[3] + " 10")).containsExactly(1, 2);
        assertThat(batch(alice, "CHATHISTORY AFTER #lobby timestamp=" + said.time[3] + " 10")).containsExactly(4, 5);
        assertThat(batch(alice, "CHATHISTORY AFTER #lobby timestamp=2026-11-27T06:00:02.500Z 10")).containsExactly(3, 4, 5);
        assertThat(batch(alice, "CHATHISTORY LATEST #lobby timestamp=" + said.time[3] + " 1")).containsExactly(5);
        assertThat(batch(alice, "CHATHISTORY AROUND #lobby timestamp=" + said.time[3] + " 2")).containsExactly(2, 3);
        assertThat(batch(alice, "CHATHISTORY BETWEEN #lobby timestamp=" + said.time[1] + " timestamp=" + said.time[4] + " 10"))
                .containsExactly(2, 3);
        assertThat(batch(alice, "CHATHISTORY BETWEEN #lobby timestamp=" + said.time[4] + " msgid=" + said.msgid[1] + " 1"))
                .as("a timestamp and a msgid, counted backwards").containsExactly(3);
        assertThat(batch(alice, "CHATHISTORY BEFORE #lobby timestamp=2026-11-27T05:00:00.000Z 10")).isEmpty();
    }

    @Test
    void aLimitAboveChathistoryTwoHundredGetsTwoHundred() throws Exception {
        server = TestServer.start(dataDir, TestLimits.raised());
        PlainClient bob = server.plain("bob");
        for (int i = 1; i <= 205; i++) bob.send("line " + i);
        bob.awaitStamped("bob: line 205");
        IrcTestClient alice = withHistoryCaps("alice");
        List<Integer> page = batch(alice, "CHATHISTORY LATEST #lobby * 1000");
        assertThat(page).hasSize(200);
        assertThat(page.getFirst()).isEqualTo(6);
        assertThat(page.getLast()).isEqualTo(205);
    }

    @Test
    void badParametersAreRefusedWithFail() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = withHistoryCaps("alice");
        alice.irc("CHATHISTORY SIDEWAYS #lobby msgid=1 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS SIDEWAYS :Unknown subcommand: BEFORE, AFTER, LATEST, AROUND or BETWEEN");
        alice.irc("CHATHISTORY TARGETS timestamp=2026-01-01T00:00:00.000Z timestamp=2027-01-01T00:00:00.000Z 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS TARGETS :TARGETS is not kept.*");
        alice.irc("CHATHISTORY LATEST #lobby * many");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS LATEST :the limit must be a number from 1 to 200");
        alice.irc("CHATHISTORY AFTER #lobby msgid=1 0");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS AFTER :the limit must be a number from 1 to 200");
        alice.irc("CHATHISTORY BEFORE #lobby timestamp=yesterday 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS BEFORE timestamp=yesterday :Invalid timestamp.*");
        alice.irc("CHATHISTORY AFTER #lobby msgid=abc 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS AFTER msgid=abc :a msgid here is as its msgid tag gives it.*");
        alice.irc("CHATHISTORY AFTER #lobby msgid=games:1 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_PARAMS AFTER msgid=games:1 :that msgid is of #games, not of #lobby");
        alice.irc("CHATHISTORY AROUND #lobby * 10");
        alice.awaitIrc(":chatroom FAIL CHATHISTORY INVALID_MSGREFTYPE AROUND \\* :a reference is msgid=N or timestamp=");
        alice.irc("CHATHISTORY BETWEEN #lobby msgid=1 10");
        alice.awaitIrc(":chatroom 461 alice CHATHISTORY :Not enough parameters");
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

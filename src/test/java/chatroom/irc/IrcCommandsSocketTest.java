package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.IrcTestClient;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each IRC command after registration, against people at the other doors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IrcCommandsSocketTest extends ServerTest {
    @Test
    void privmsgToTheChannelReachesThePlainDoorAndItsRepliesComeBackAsPrivmsg() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        alice.awaitIrc(":bob!chat@chatroom JOIN #lobby");
        alice.irc("PRIVMSG #lobby :hello from irssi");
        bob.awaitStamped("alice: hello from irssi");
        bob.send("hi alice\nsecond");
        alice.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :hi alice");
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains("PRIVMSG #lobby :hello from irssi")); // no echo unasked
    }

    @Test
    void echoMessageAndServerTimeGiveTheSenderItsOwnLineWithATimeTag() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("CAP LS 302");
        alice.irc("CAP REQ :echo-message server-time");
        alice.irc("NICK alice");
        alice.irc("USER alice 0 * :alice");
        alice.irc("CAP END");
        alice.awaitIrc(":chatroom 366 alice #lobby :.*");
        alice.irc("PRIVMSG #lobby :echo me");
        alice.awaitIrc("@time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z :alice!chat@chatroom PRIVMSG #lobby :echo me");
    }

    @Test
    void aMultiLineMessageIsSeveralPrivmsgLinesAndALongOneIsCutToIrcsLine() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        JsonClient bob = server.json("bob");
        bob.say("one\ntwo\n\nfour", "m1");
        alice.awaitIrcLines(":bob!chat@chatroom PRIVMSG #lobby :(one|two| |four)", 4);
        String longText = "x".repeat(1200);
        bob.say(longText, "m2");
        var parts = alice.awaitIrcLines(":bob!chat@chatroom PRIVMSG #lobby :x+", 3);
        assertThat(String.join("", parts.stream().map(l -> l.substring(l.lastIndexOf(':') + 1)).toList())).isEqualTo(longText);
        assertThat(parts).allMatch(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2 <= 512);
    }

    @Test
    void ctcpActionAndFormattingReachOtherDoorsAsTextAndComeBackAsAction() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        IrcTestClient carol = server.irc("carol");
        PlainClient bob = server.plain("bob");
        alice.irc("PRIVMSG #lobby :\u0001ACTION waves\u0001");
        bob.awaitStamped("alice: * alice waves");
        carol.awaitIrc(":alice!chat@chatroom PRIVMSG #lobby :\u0001ACTION waves\u0001");
        alice.irc("PRIVMSG #lobby :\u0002bold\u0002 \u000304,12red\u0003 \u001Ditalic\u000F");
        bob.awaitStamped("alice: bold red italic");
        bob.send("a \u0007 bell");
        carol.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :a \u2407 bell");
    }

    @Test
    void privateMessagesGoToNicksAcrossDoorsAndOnlyToThem() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        JsonClient carol = server.json("carol");
        IrcTestClient dave = server.irc("dave");
        alice.irc("PRIVMSG bob,carol :just you two");
        bob.awaitLine(".* \\[private\\] alice -> bob, carol: just you two");
        carol.awaitLine(".*\"private\".*just you two.*|.*just you two.*\"private\".*");
        bob.send("@alice back at you");
        alice.awaitIrc(":bob!chat@chatroom PRIVMSG alice :back at you");
        alice.irc("PRIVMSG nobody :hello?");
        alice.awaitIrc(":chatroom 401 alice nobody :.*");
        alice.irc("NOTICE nobody :no reply to a notice");
        alice.irc("PING sync");
        alice.awaitIrc(":chatroom PONG chatroom :sync");
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains("no reply"));
        dave.irc("PING sync");
        dave.awaitIrc(":chatroom PONG chatroom :sync");
        assertThat(dave.ircSeen()).noneMatch(l -> l.contains("just you two") || l.contains("back at you"));
    }

    @Test
    void aJoinAddsAChannelBesideTheOthersAJoinOfOneTheClientIsInChangesNothingAndJoinZeroPartsAllButTheLobby() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        bob.send("/join #games");
        bob.awaitLine("\\* now in #games.*");
        alice.irc("JOIN #Games");
        alice.awaitIrc(":alice!chat@chatroom JOIN #games");
        alice.awaitIrc(":chatroom 353 alice = #games :alice bob|:chatroom 353 alice = #games :bob alice");
        alice.awaitIrc(":chatroom 366 alice #games :End of /NAMES list");
        bob.awaitStamped("* alice joined");
        alice.irc("PRIVMSG #lobby :still in the lobby");
        bob.awaitStamped("#lobby alice: still in the lobby");
        alice.irc("PRIVMSG #games :and in games");
        bob.awaitStamped("alice: and in games");
        alice.irc("PRIVMSG #elsewhere :not in it");
        alice.awaitIrc(":chatroom 404 alice #elsewhere :.*");
        alice.irc("JOIN #games");
        alice.irc("PING sync");
        alice.awaitIrc(":chatroom PONG chatroom :sync");
        assertThat(alice.ircSeen()).as("a JOIN of a channel one is in").filteredOn(l -> l.contains("JOIN #games")).hasSize(1);
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains("PART #lobby"));
        alice.irc("PART #nowhere");
        alice.awaitIrc(":chatroom 442 alice #nowhere :.*");
        alice.irc("JOIN 0");
        alice.awaitIrc(":alice!chat@chatroom PART #games :parted");
        bob.awaitStamped("* alice left (parted)");
        alice.irc("PART #lobby");
        alice.awaitIrc(":chatroom NOTICE alice :last-room \\(PART #lobby\\): you are only in #lobby.*");
        alice.irc("JOIN bad/name");
        alice.awaitIrc(":chatroom 403 alice bad/name :.*");
    }

    @Test
    void aPrivmsgSentRightBehindItsJoinGoesToTheNewChannelAndAJoinOfTwoIsInBoth() throws Exception {
        server = TestServer.start(dataDir);
        PlainClient bob = server.plain("bob");
        bob.send("/join #games");
        bob.awaitLine("\\* now in #games.*");
        IrcTestClient alice = server.irc("alice");
        alice.sendRaw("JOIN #games\r\nPRIVMSG #games :first words\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bob.awaitStamped("alice: first words");
        alice.irc("JOIN #a,#b");
        alice.awaitIrc(":alice!chat@chatroom JOIN #a");
        alice.awaitIrc(":alice!chat@chatroom JOIN #b");
        alice.irc("WHO #a");
        alice.awaitIrc(":chatroom 352 alice #a chat chatroom chatroom alice H :0 alice");
        alice.awaitIrc(":chatroom 315 alice #a :End of WHO list");
        bob.send("/join #a");
        bob.awaitLine("\\* now in #a.*");
        alice.irc("PRIVMSG #b :in b");
        alice.irc("PRIVMSG #a :in a too");
        bob.awaitStamped("alice: in a too");
        alice.irc("PRIVMSG #c :not in c");
        alice.awaitIrc(":chatroom 404 alice #c :.*");
        assertThat(bob.seen()).noneMatch(l -> l.contains("in b"));
    }

    @Test
    void anIrcClientInTwoChannelsAtOnceReadsEachWithItsChannelAndPartsOne() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        PlainClient carol = server.plain("carol");
        carol.send("/join #games");
        carol.awaitLine("\\* now in #games.*");
        alice.joined("#games");
        bob.send("in the lobby");
        carol.send("in games");
        // Two rooms: each in its own order, not in one with the other.
        assertThat(alice.awaitIrcLines(":(bob|carol)!chat@chatroom PRIVMSG #\\w+ :in .*", 2)).containsExactlyInAnyOrder(
                ":bob!chat@chatroom PRIVMSG #lobby :in the lobby", ":carol!chat@chatroom PRIVMSG #games :in games");
        alice.irc("PART #games :enough games");
        alice.awaitIrc(":alice!chat@chatroom PART #games :parted");
        carol.awaitStamped("* alice left (parted)");
        carol.send("after alice parted");
        carol.awaitStamped("carol: after alice parted");
        bob.send("the lobby still");
        alice.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :the lobby still");
        alice.irc("PING sync");
        alice.awaitIrc(":chatroom PONG chatroom :sync");
        assertThat(alice.ircSeen()).noneMatch(l -> l.contains("after alice parted"));
        assertThat(alice.ircSeen()).as("still in the lobby").noneMatch(l -> l.contains("PART #lobby"));
    }

    @Test
    void someoneLeavingTheChatFromSeveralSharedChannelsReachesAnIrcClientAsOneQuit() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        IrcTestClient dave = server.irc("dave");
        alice.joined("#games");
        alice.joined("#chess");
        bob.send("/join #games");
        bob.awaitLine("\\* now in #games.*");
        bob.send("/join #chess");
        bob.awaitLine("\\* now in #chess.*");
        dave.joined("#games");
        dave.joined("#chess");
        dave.irc("QUIT :gone fishing");
        alice.awaitIrc(":dave!chat@chatroom QUIT :.*");
        // Sent after dave's leave of each room, so each room's message comes after it.
        bob.awaitStampedLines(l -> l.endsWith("* dave left (quit)"), 3, "dave's leave of each room, in any order");
        for (String room : List.of("#lobby", "#games", "#chess")) {
            bob.send("/join " + room);
            bob.awaitLine("\\* you talk in " + room + ".*");
            bob.send("after dave in " + room);
            alice.awaitIrc(":bob!chat@chatroom PRIVMSG " + room + " :after dave in " + room);
        }
        assertThat(alice.ircSeen()).filteredOn(l -> l.startsWith(":dave!")).filteredOn(l -> l.contains(" QUIT ")).hasSize(1);
        assertThat(alice.ircSeen()).noneMatch(l -> l.startsWith(":dave!") && l.contains(" PART "));
    }

    @Test
    void aPartOfTheLastChannelButTheLobbyGoesBackToTheLobbyAndOthersSeeThePart() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        IrcTestClient carol = server.irc("carol");
        alice.joined("#games");
        carol.joined("#games");
        alice.awaitIrc(":carol!chat@chatroom JOIN #games");
        carol.irc("PART #lobby");
        carol.awaitIrc(":carol!chat@chatroom PART #lobby :parted");
        alice.awaitIrc(":carol!chat@chatroom PART #lobby :parted");
        carol.irc("PART #games :bye");
        carol.awaitIrc(":carol!chat@chatroom PART #games :moved to #lobby");
        carol.awaitIrc(":carol!chat@chatroom JOIN #lobby");
        carol.awaitIrc(":chatroom 366 carol #lobby :End of /NAMES list");
        alice.awaitIrc(":carol!chat@chatroom PART #games :moved to #lobby");
        alice.awaitIrc(":carol!chat@chatroom JOIN #lobby");
    }

    @Test
    void namesWhoWhoisIsonUserhostAndListAnswerFromTheChat() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        bob.send("/away lunch");
        bob.awaitLine("\\* you are away.*");
        alice.irc("NAMES #lobby");
        alice.awaitIrc(":chatroom 353 alice = #lobby :.*");
        alice.awaitIrc(":chatroom 366 alice #lobby :End of /NAMES list");
        alice.irc("WHO #lobby");
        alice.awaitIrc(":chatroom 352 alice #lobby chat chatroom chatroom alice H :0 alice");
        alice.awaitIrc(":chatroom 352 alice #lobby chat chatroom chatroom bob G :0 bob");
        alice.awaitIrc(":chatroom 315 alice #lobby :End of WHO list");
        alice.irc("WHOIS BOB");
        alice.awaitIrc(":chatroom 311 alice bob chat chatroom \\* :bob");
        alice.awaitIrc(":chatroom 301 alice bob :away");
        alice.awaitIrc(":chatroom 318 alice BOB :End of /WHOIS list");
        alice.irc("WHOIS nobody");
        alice.awaitIrc(":chatroom 401 alice nobody :.*");
        alice.irc("ISON bob nobody Alice");
        alice.awaitIrc(":chatroom 303 alice :bob alice");
        alice.irc("USERHOST bob alice");
        alice.awaitIrc(":chatroom 302 alice :bob=-chat@chatroom alice=\\+chat@chatroom");
        bob.send("/join #games");
        bob.awaitLine("\\* now in #games.*");
        alice.irc("LIST");
        alice.awaitIrc(":chatroom 321 alice Channel :Users  Name");
        // bob entered #games as well: the lobby still has both.
        alice.awaitIrcLines(":chatroom 322 alice (#lobby 2|#games 1) :", 2);
        alice.awaitIrc(":chatroom 323 alice :End of /LIST");
    }

    @Test
    void topicModeAwayAndUnknownCommandsAreAnsweredHarmlessly() throws Exception {
        server = TestServer.start(dataDir);
        IrcTestClient alice = server.irc("alice");
        alice.irc("TOPIC #lobby");
        alice.awaitIrc(":chatroom 331 alice #lobby :No topic is set");
        alice.irc("TOPIC #lobby :new topic");
        alice.awaitIrc(":chatroom 482 alice #lobby :rooms on chatroom have no topic");
        alice.irc("MODE #lobby");
        alice.awaitIrc(":chatroom 324 alice #lobby :\\+nt");
        alice.irc("MODE #lobby b");
        alice.awaitIrc(":chatroom 368 alice #lobby :End of channel ban list");
        alice.irc("MODE #lobby +o alice");
        alice.awaitIrc(":chatroom 482 alice #lobby :.*");
        alice.irc("MODE alice");
        alice.awaitIrc(":chatroom 221 alice :\\+");
        alice.irc("MODE bob +i");
        alice.awaitIrc(":chatroom 502 alice :.*");
        alice.irc("AWAY :gone fishing");
        alice.awaitIrc(":chatroom 306 alice :You have been marked as being away");
        alice.irc("AWAY");
        alice.awaitIrc(":chatroom 305 alice :You are no longer marked as being away");
        alice.irc("FROBNICATE x");
        alice.awaitIrc(":chatroom 421 alice FROBNICATE :FROBNICATE is not a command this server knows");
        alice.irc("PRIVMSG #lobby");
        alice.awaitIrc(":chatroom 412 alice :No text to send");
        alice.irc("QUIT :bye");
        alice.awaitIrc("ERROR :Closing link: quit");
        alice.awaitEnd();
    }

    @Test
    void theServerPingsAQuietClientAndDropsOneThatNeverAnswers() throws Exception {
        server = TestServer.start(dataDir, chatroom.chat.Limits.DEFAULTS.withKeepAlive(java.time.Duration.ofMillis(300),
                java.time.Duration.ofMillis(1500)));
        IrcTestClient alice = server.irc("alice");
        PlainClient bob = server.plain("bob");
        alice.awaitIrc("PING :chatroom");
        alice.irc("PONG chatroom");
        alice.awaitIrc("PING :chatroom");
        alice.awaitIrc("ERROR :timed-out: nothing heard from you for .*");
        bob.awaitStamped("* alice left (timed out)");
    }
}

package chatroom.irc;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.client.TestChatter;
import chatroom.testing.IrcTestClient;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An IRC client, a plain nc client, a JSON client and a Chatter in one room: everyone
 * sees the same room messages in the same order, and private messages reach only their
 * addressees, whichever door each came through.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossDoorIrcSocketTest extends ServerTest {
    private static final int EACH = 8;
    private static final Pattern IRC_MESSAGE = Pattern.compile(":(\\S+)!chat@chatroom PRIVMSG #lobby :(.*)");
    private static final Pattern PLAIN_MESSAGE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ([^ :*\\[]+): (.*)");


    @Test
    void everyDoorSeesTheSameMessagesInTheSameOrderAndPrivatesReachOnlyTheirAddressees() throws Exception {
        server = TestServer.start(dataDir, chatroom.testing.TestLimits.raised());
        IrcTestClient alice = server.ircConnected("alice");
        alice.irc("CAP REQ :echo-message");
        alice.irc("NICK alice");
        alice.irc("USER alice 0 * :alice");
        alice.irc("CAP END");
        alice.awaitIrc(":chatroom 366 alice #lobby :.*");
        PlainClient bob = server.plain("bob");
        JsonClient carol = server.json("carol");
        try (TestChatter dave = TestChatter.join(server.address(), dataDir.resolve("chatter"), "dave")) {
            sameOrderAndPrivacy(alice, bob, carol, dave);
        }
    }

    @Test
    void thePageSeesWhatIrcSaysAndIrcWhatThePageSays() throws Exception {
        try (chatroom.testing.WebTestServer web = chatroom.testing.WebTestServer.start(dataDir.resolve("web"));
             chatroom.testing.WebSocketClient page = chatroom.testing.WebSocketClient.connect(web.socket(), null)) {
            page.send("{\"type\":\"hello\",\"version\":1,\"name\":\"pat\",\"id\":\"h\"}");
            page.awaitEvent(chatroom.chat.Event.Welcome.class, w -> true);
            IrcTestClient alice = web.irc("alice");
            PlainClient bob = web.plain("bob");
            alice.irc("PRIVMSG #lobby :from irc");
            // alice's connection and bob's have no order between them: bob speaks after alice's message is out.
            page.await(l -> JsonClient.decode(l) instanceof RoomMessage m && m.text().equals("from irc"), "alice's message");
            page.send("{\"type\":\"say\",\"text\":\"from the page\",\"id\":\"s1\"}");
            page.awaitEvent(chatroom.chat.Event.Accepted.class, a -> "s1".equals(a.replyTo())); // before bob speaks: doors are not ordered among themselves
            alice.irc("PRIVMSG pat :just the page");
            bob.send("from nc");
            // Two connections' requests have no order between them: wait for both, in either order.
            java.util.Set<String> waited = new java.util.HashSet<>(List.of("from nc", "just the page"));
            while (!waited.isEmpty()) {
                String f = page.await(l -> JsonClient.decode(l) instanceof RoomMessage m && waited.contains(m.text())
                        || JsonClient.decode(l) instanceof PrivateMessage p && waited.contains(p.text()), "bob's message and alice's private one");
                waited.remove(JsonClient.decode(f) instanceof RoomMessage m ? m.text() : ((PrivateMessage) JsonClient.decode(f)).text());
            }
            alice.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :from nc");
            List<String> atPage = page.seen().stream().map(JsonClient::decode).filter(e -> e instanceof RoomMessage)
                    .map(e -> ((RoomMessage) e).from() + ": " + ((RoomMessage) e).text()).toList();
            List<String> atIrc = alice.ircSeen().stream().filter(l -> l.contains(" PRIVMSG #lobby :")).map(l -> said(IRC_MESSAGE, l)).toList();
            List<String> atPlain = bob.seen().stream().filter(l -> PLAIN_MESSAGE.matcher(l).matches()).map(l -> said(PLAIN_MESSAGE, l)).toList();
            assertThat(atPage).as("the page saw %s", page.seen()).endsWith("bob: from nc").contains("alice: from irc", "pat: from the page");
            assertThat(atIrc).isEqualTo(atPage.stream().filter(s -> !s.startsWith("alice: ")).toList()); // no echo asked for
            assertThat(atPlain).isEqualTo(atPage.subList(atPage.size() - atPlain.size(), atPage.size()));
            assertThat(page.seen().stream().map(JsonClient::decode).filter(e -> e instanceof PrivateMessage))
                    .containsExactly(new PrivateMessage(((PrivateMessage) page.seen().stream().map(JsonClient::decode)
                            .filter(e -> e instanceof PrivateMessage).findFirst().orElseThrow()).id(),
                            ((PrivateMessage) page.seen().stream().map(JsonClient::decode).filter(e -> e instanceof PrivateMessage)
                                    .findFirst().orElseThrow()).time(), "alice", List.of("pat"), "just the page"));
            assertThat(bob.seen()).noneMatch(l -> l.contains("just the page"));
        }
    }

    private void sameOrderAndPrivacy(IrcTestClient alice, PlainClient bob, JsonClient carol, TestChatter dave) throws Exception {
        {
            List<Thread> speakers = List.of(
                    Thread.ofVirtual().start(() -> { for (int i = 0; i < EACH; i++) alice.irc("PRIVMSG #lobby :alice-" + i); }),
                    Thread.ofVirtual().start(() -> { for (int i = 0; i < EACH; i++) bob.send("bob-" + i); }),
                    Thread.ofVirtual().start(() -> { for (int i = 0; i < EACH; i++) carol.say("carol-" + i, "c" + i); }),
                    Thread.ofVirtual().start(() -> { for (int i = 0; i < EACH; i++) dave.type("dave-" + i); }));
            for (Thread t : speakers) t.join();
            int all = 4 * EACH;

            List<String> atIrc = alice.awaitIrcLines(IRC_MESSAGE.pattern(), all).stream().map(l -> said(IRC_MESSAGE, l)).toList();
            List<String> atPlain = bob.awaitLines(l -> PLAIN_MESSAGE.matcher(l).matches(), all, "room messages").stream()
                    .map(l -> said(PLAIN_MESSAGE, l)).toList();
            List<String> atJson = carol.awaitEvents(RoomMessage.class, m -> true, all).stream().map(m -> m.from() + ": " + m.text()).toList();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> dave.shown().stream().filter(l -> PLAIN_MESSAGE.matcher(l).matches()).count() >= all);
            List<String> atChatter = dave.shown().stream().filter(l -> PLAIN_MESSAGE.matcher(l).matches()).map(l -> said(PLAIN_MESSAGE, l)).toList();

            assertThat(atIrc).hasSize(all).doesNotHaveDuplicates();
            assertThat(atPlain).isEqualTo(atIrc);
            assertThat(atJson).isEqualTo(atIrc);
            assertThat(atChatter).isEqualTo(atIrc);
            for (String who : List.of("alice", "bob", "carol", "dave")) {
                assertThat(atIrc.stream().filter(s -> s.startsWith(who + ": ")).toList())
                        .as("%s's messages in the order sent", who)
                        .isEqualTo(java.util.stream.IntStream.range(0, EACH).mapToObj(i -> who + ": " + who + "-" + i).toList());
            }

            alice.irc("PRIVMSG bob :for bob only");
            bob.awaitLine(".* \\[private\\] alice -> bob: for bob only");
            carol.tell(List.of("alice", "dave"), "alice and dave", "p1");
            alice.awaitIrc(":carol!chat@chatroom PRIVMSG alice :alice and dave");
            dave.awaitShown(l -> l.endsWith("carol -> alice, dave: alice and dave"), "carol's private message");
            bob.send("@alice @carol from bob");
            alice.awaitIrc(":bob!chat@chatroom PRIVMSG alice :from bob");
            carol.awaitEvent(PrivateMessage.class, p -> p.text().equals("from bob"));
            // A message after the privates, seen everywhere, so anything misdelivered would have arrived by now.
            bob.send("last");
            alice.awaitIrc(":bob!chat@chatroom PRIVMSG #lobby :last");
            carol.awaitEvent(RoomMessage.class, m -> m.text().equals("last"));
            dave.awaitShown(l -> l.endsWith("bob: last"), "the last message");
            assertThat(carol.seenEvents()).noneMatch(e -> e.toString().contains("for bob only"));
            assertThat(dave.shown()).noneMatch(l -> l.contains("for bob only") || l.contains("from bob"));
            assertThat(bob.seen()).noneMatch(l -> l.contains("alice and dave"));
            assertThat(alice.ircSeen()).filteredOn(l -> l.contains("for bob only")).containsExactly(
                    ":alice!chat@chatroom PRIVMSG bob :for bob only"); // its echo, nothing else
        }
    }

    private static String said(Pattern p, String line) {
        Matcher m = p.matcher(line);
        if (!m.matches()) throw new AssertionError(line);
        return m.group(1) + ": " + m.group(2);
    }

}

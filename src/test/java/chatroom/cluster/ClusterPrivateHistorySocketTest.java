package chatroom.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Event.Found;
import chatroom.chat.Event.History;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.protocol.Request;
import chatroom.testing.ClusterFixture;
import chatroom.testing.ClusterNode;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: in a cluster, private messages are in {@code /history} and {@code /search} of
 * their sender and addressees, wherever each is, in their place among the room's
 * messages, as on one server; nobody else's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterPrivateHistorySocketTest {
    @RegisterExtension
    final ClusterFixture cluster = new ClusterFixture();

    @Test
    void aPrivateMessageBetweenServersIsInTheHistoryAndSearchOfItsPartiesOnlyInItsPlace() throws IOException {
        ClusterFixture.AnnAndBob two = cluster.annAndBob();
        PlainClient ann = two.ann();
        PlainClient bob = two.bob();
        PlainClient carol = two.b().plain("carol");
        ann.awaitStamped("* carol joined");
        ann.send("first in the room");
        bob.awaitStamped("ann: first in the room");
        ann.send("@bob the secret plan");
        bob.awaitStamped("[private] ann -> bob: the secret plan");
        bob.send("@ann plan received");
        ann.awaitStamped("[private] bob -> ann: plan received");
        bob.send("second in the room");
        carol.awaitStamped("bob: second in the room");
        ann.awaitStamped("bob: second in the room");

        for (PlainClient party : List.of(ann, bob)) {
            party.send("/history");
            party.awaitExactly("* history of #lobby: 4 earlier messages");
            assertThat(party.awaitStampedLines(l -> true, 4, party.label() + "'s /history"))
                    .as(party.label() + "'s /history: the private messages in their place")
                    .containsExactly("ann: first in the room", "[private] ann -> bob: the secret plan",
                            "[private] bob -> ann: plan received", "bob: second in the room");
            party.send("/search PLAN");
            party.awaitExactly("* 2 found for \"PLAN\"");
            assertThat(party.awaitStampedLines(l -> true, 2, party.label() + "'s matches"))
                    .containsExactly("[private] ann -> bob: the secret plan", "[private] bob -> ann: plan received");
        }
        carol.send("/search plan");
        carol.awaitExactly("* nothing found for \"plan\"");
        carol.send("/history");
        carol.awaitLine(l -> l.startsWith("* end of history"), "the end of carol's history");
        assertThat(carol.seen()).as("carol is shown nobody's private messages")
                .noneMatch(l -> l.contains("secret plan") || l.contains("plan received"));
    }

    @Test
    void afterARoomsReplayHistoryGoesOnWithWhatWasSaidBeforeItAndNotWhatCameLive() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        assertThat(a.accounts().add("ann", "correct horse battery", chatroom.chat.Role.MEMBER).done()).isTrue();
        JsonClient ann = a.jsonConnected("ann");
        ann.send(new Request.Hello("h", chatroom.protocol.JsonCodec.VERSION, "ann", -1, "correct horse battery"));
        ann.awaitEvent(Event.Welcome.class);
        JsonClient bob = b.json("bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        ann.say("r0", "0");
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals("r0"));
        bob.tell(List.of("ann"), "p1", "1");
        ann.awaitEvent(PrivateMessage.class, m -> m.text().equals("p1"));
        for (String r : List.of("r2", "r3", "r4")) ann.say(r, r);
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals("r4"));
        ann.quit("q");
        bob.awaitEvent(Event.Left.class, l -> l.name().equals("ann"));

        JsonClient back = b.jsonConnected("ann again");
        back.send(new Request.Hello("h", chatroom.protocol.JsonCodec.VERSION, "ann", 2, "correct horse battery"));
        History replay = back.awaitEvent(History.class, h -> "h".equals(h.replyTo()));
        assertThat(replay.messages()).extracting(e -> ((RoomMessage) e).text()).containsExactly("r3", "r4");
        bob.tell(List.of("ann"), "p5", "5");
        back.awaitEvent(PrivateMessage.class, m -> m.text().equals("p5"));

        back.send(new Request.Act("more", new ChatInput.PageBack(50, 0)));
        History older = back.awaitEvent(History.class, h -> "more".equals(h.replyTo()));
        assertThat(older.messages()).extracting(e -> e instanceof RoomMessage m ? m.text() : ((PrivateMessage) e).text())
                .as("what came before the replay, the private message in its place; p5 came live")
                .containsExactly("r0", "p1", "r2");
    }

    @Test
    void pagingBackThroughRoomAndPrivateMessagesShowsEachOnceInOrder() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        JsonClient ann = a.json("ann");
        JsonClient bob = b.json("bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        List<String> said = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i % 3 == 1) {
                bob.tell(List.of("ann"), "p" + i, "t" + i);
                ann.awaitEvent(PrivateMessage.class, m -> m.text().equals("p" + (said.size())));
            } else {
                ann.say("r" + i, "s" + i);
                bob.awaitEvent(RoomMessage.class, m -> m.text().equals("r" + (said.size())));
            }
            said.add((i % 3 == 1 ? "p" : "r") + i);
        }

        List<String> pagedNewestFirst = new ArrayList<>();
        long before = 0;
        for (int page = 0; page < 10; page++) {
            String id = "h" + page;
            ann.send(new Request.Act(id, new ChatInput.PageBack(5, before)));
            History h = ann.awaitEvent(History.class, x -> id.equals(x.replyTo()));
            List<String> texts = new ArrayList<>();
            for (Event e : h.messages()) texts.add(e instanceof RoomMessage m ? m.text() : ((PrivateMessage) e).text());
            java.util.Collections.reverse(texts);
            pagedNewestFirst.addAll(texts);
            if (!h.more() || h.messages().isEmpty()) break;
            before = h.cursor();
        }
        List<String> expected = new ArrayList<>(said);
        java.util.Collections.reverse(expected);
        assertThat(pagedNewestFirst).as("ann's pages of 5, back to the start").containsExactlyElementsOf(expected);

        bob.send(new Request.Act("f", new ChatInput.Search("p", 0)));
        Found found = bob.awaitEvent(Found.class, f -> "f".equals(f.replyTo()));
        assertThat(found.messages()).extracting(e -> ((PrivateMessage) e).text()).containsExactly("p1", "p4", "p7", "p10");
    }
}

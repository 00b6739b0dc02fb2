package chatroom.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.History;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.HistoryStore;
import chatroom.chat.StoredEvent;
import chatroom.testing.ClusterFixture;
import chatroom.testing.ClusterNode;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 17: the cluster's history is Redis's streams: replay, /history, /search and the export read them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterHistorySocketTest {
    @RegisterExtension
    final ClusterFixture cluster = new ClusterFixture();

    @Test
    void someoneJoiningOneServerIsShownWhatWasSaidOnAnother() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        PlainClient ann = a.plain("ann");
        ann.send("first words");
        ann.awaitStamped("ann: first words");
        PlainClient bob = b.plain("bob");
        bob.awaitLine(l -> l.endsWith("ann: first words"), "the replay of what ann said");
    }

    @Test
    void someoneJoiningWhileAnotherServerTalksMissesNoMessageBetweenTheReplayAndWhatComesLive() throws Exception {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        JsonClient ann = a.json("ann");
        CountDownLatch talking = new CountDownLatch(1);
        // ann talks until 100 of hers have gone after bob's join: some before it, some after.
        Thread talk = Thread.ofVirtual().start(() -> {
            int afterBob = 0;
            for (int i = 0; afterBob < 100; i++) {
                String id = "n" + i;
                ann.say(id, id);
                ann.awaitEvent(Accepted.class, acc -> id.equals(acc.replyTo()));
                if (i == 50) talking.countDown();
                if (ann.seenEvents().stream().anyMatch(e -> e instanceof Joined j && j.name().equals("bob"))) afterBob++;
            }
            ann.say("last", "last");
        });
        talking.await();
        JsonClient bob = b.json("bob");
        talk.join();
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals("last"));
        Set<Long> seen = new TreeSet<>();
        for (Event e : bob.seenEvents()) {
            if (e instanceof History h) for (Event m : h.messages()) seen.add(((RoomMessage) m).seq());
            if (e instanceof RoomMessage m) seen.add(m.seq());
            if (e instanceof Welcome w) seen.add(w.seq()); // bob's own join has a number too
        }
        long first = seen.iterator().next();
        long last = ((TreeSet<Long>) seen).last();
        assertThat(seen).as("replay and live together, from " + first + " to " + last + ", without a hole").hasSize((int) (last - first + 1));
    }

    @Test
    void searchAndHistoryOnOneServerFindWhatWasSaidOnAnother() throws IOException {
        ClusterFixture.AnnAndBob two = cluster.annAndBob();
        ClusterNode a = two.a();
        ClusterNode b = two.b();
        PlainClient ann = two.ann();
        PlainClient bob = two.bob();
        ann.send("the Quick brown fox");
        ann.send("something else");
        bob.awaitStamped("ann: something else");
        bob.send("/search quick");
        bob.awaitLine(l -> l.endsWith("ann: the Quick brown fox"), "the match");
        bob.awaitLine(l -> l.contains("end of search"), "the end of the search");
    }

    @Test
    void theClusterStoreReadsMessagesByNumberAndFindsNumbersByTimeAsTheEmbeddedOneDoes() throws Exception {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        PlainClient ann = a.plain("ann");
        for (int i = 1; i <= 3; i++) ann.send("m" + i);
        ann.awaitStamped("ann: m3");
        b.plain("bob");
        ann.awaitLine(l -> l.endsWith("* bob joined"), "bob's join");
        for (int i = 4; i <= 8; i++) ann.send("m" + i);
        ann.awaitStamped("ann: m8");
        try (HistoryStore store = RedisHistoryStore.open(cluster.redis().url())) {
            chatroom.testing.SpanReads.check(store, "#lobby");
        }
    }

    @Test
    void theExportHoldsEveryRoomsEventsAndThePrivateMessagesInNumberOrder() throws Exception {
        ClusterFixture.AnnAndBob two = cluster.annAndBob();
        ClusterNode a = two.a();
        ClusterNode b = two.b();
        PlainClient ann = two.ann();
        PlainClient bob = two.bob();
        ann.send("hello");
        ann.send("@bob secret");
        bob.awaitStamped("[private] ann -> bob: secret");
        List<StoredEvent> all = new ArrayList<>();
        try (HistoryStore store = RedisHistoryStore.open(cluster.redis().url())) {
            store.export(null, null, all::add);
        }
        assertThat(all).extracting(e -> e.kind() + " " + e.seq() + " " + e.sender() + " " + e.text())
                .containsExactly("JOIN 1 ann null", "JOIN 2 bob null", "MESSAGE 3 ann hello", "PRIVATE 0 ann secret");
    }

    @Test
    void withHistoryKeepEachRoomKeepsAboutItsLastEvents() throws IOException {
        cluster.redis(false);
        ClusterNode a = ClusterNode.start(Files.createTempDirectory("keep"), cluster.redis().url(), TestLimits.raised(),
                Duration.ofSeconds(10), 100);
        try (a) {
            PlainClient ann = a.plain("ann");
            for (int i = 0; i < 1000; i++) ann.send("m" + i);
            ann.awaitStamped("ann: m999");
            List<StoredEvent> kept = new ArrayList<>();
            try (HistoryStore store = RedisHistoryStore.open(cluster.redis().url())) {
                store.export("#lobby", null, kept::add);
            }
            assertThat(kept.size()).as("about 100 kept, of 1001").isBetween(100, 300);
            assertThat(kept.get(kept.size() - 1).text()).isEqualTo("m999");
        }
    }
}

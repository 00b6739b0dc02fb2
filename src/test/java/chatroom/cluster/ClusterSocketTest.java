package chatroom.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Event;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.StoredEvent;
import chatroom.testing.ClusterFixture;
import chatroom.testing.ClusterNode;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: several servers, one chat. Servers in this JVM on a redis-server of the test's
 * own; clients over real sockets see what a person would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterSocketTest {
    @RegisterExtension
    final ClusterFixture cluster = new ClusterFixture();

    private RedisProcess redis;

    private ClusterNode node(String name) throws IOException {
        return cluster.node(name);
    }

    @Test
    void aMessageSaidOnOneServerReachesThoseOnAnotherWithTheRoomsNumbers() throws IOException {
        redis = cluster.redis(false);
        ClusterFixture.AnnAndBob two = cluster.annAndBob();
        ClusterNode a = two.a();
        ClusterNode b = two.b();
        PlainClient ann = two.ann();
        PlainClient bob = two.bob();
        bob.send("hello from b");
        ann.awaitStamped("bob: hello from b");
        ann.send("hello from a");
        bob.awaitStamped("ann: hello from a");
        bob.send("/quit");
        ann.awaitStamped("* bob left (quit)");
        assertThat(a.logLines()).as("a's log: its own events, numbered by the cluster")
                .anyMatch(l -> l.startsWith("JOIN #lobby 1 ann "))
                .contains("MSG #lobby 4 ann: hello from a");
        assertThat(b.logLines()).as("b's log").anyMatch(l -> l.startsWith("JOIN #lobby 2 bob "))
                .contains("MSG #lobby 3 bob: hello from b");
    }

    @Test
    void everyoneOnThreeServersSeesEveryMessageInOneGapFreeOrder() throws Exception {
        redis = cluster.redis(false);
        List<ClusterNode> three = List.of(node("a"), node("b"), node("c"));
        List<JsonClient> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) clients.add(three.get(i % 3).json("p" + i));
        JsonClient last = clients.get(clients.size() - 1);
        for (JsonClient c : clients) {
            if (c != last) c.awaitEvent(Joined.class, j -> j.name().equals(last.label()));
        }
        int each = 40;
        List<Thread> senders = new ArrayList<>();
        for (JsonClient c : clients) {
            senders.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) c.say(c.label() + " " + i, c.label() + "-" + i);
            }));
        }
        for (Thread t : senders) t.join();
        int all = each * clients.size();
        Map<Long, String> agreed = new LinkedHashMap<>();
        for (JsonClient c : clients) {
            c.awaitEvents(RoomMessage.class, m -> true, all);
            List<Event> events = c.seenEvents();
            long from = events.stream().filter(Welcome.class::isInstance).map(e -> ((Welcome) e).seq()).findFirst().orElseThrow();
            long expected = from + 1;
            for (Event e : events) {
                long seq = numberOf(e);
                if (seq == 0) continue;
                assertThat(seq).as(c.label() + " sees the room's numbers in order, without a gap").isEqualTo(expected);
                expected++;
                String seen = describe(e);
                String before = agreed.putIfAbsent(seq, seen);
                if (before != null) assertThat(seen).as("number " + seq + " is one event for everyone").isEqualTo(before);
            }
        }
        assertThat(agreed.values().stream().filter(s -> s.startsWith("say ")).count()).as("every message, once").isEqualTo(all);
    }

    @Test
    void aMessageWhosePublicationWasLostIsReadFromTheStreamInItsPlace() throws IOException {
        redis = cluster.redis(false);
        ClusterFixture.AnnAndBob two = cluster.annAndBob();
        ClusterNode a = two.a();
        ClusterNode b = two.b();
        PlainClient ann = two.ann();
        PlainClient bob = two.bob();
        storedButNotPublished("lost in the post");
        bob.send("after it");
        List<String> seen = ann.awaitStampedLines(l -> l.endsWith("lost in the post") || l.endsWith("after it"), 2,
                "the lost message and the next");
        assertThat(seen).containsExactly("ghost: lost in the post", "bob: after it");
    }

    @Test
    void aLostTailIsNoticedWithoutAnyLaterMessage() throws IOException {
        redis = cluster.redis(false);
        ClusterNode a = node("a");
        PlainClient ann = a.plain("ann");
        storedButNotPublished("the last word");
        ann.awaitStamped("ghost: the last word");
    }

    @Test
    void withRedisDownMessagesAreRefusedAndNumberingGoesOnWithoutAGapWhenItIsBack() throws IOException {
        Said said = annSaidBeforeToBob(true);
        ClusterNode a = said.a();
        JsonClient ann = said.ann();
        JsonClient bob = said.bob();
        RoomMessage before = said.before();

        redis.stop();
        ann.say("during", "m2");
        Event refused = ann.awaitAnyEvent(e -> e instanceof Event.Refused r && "m2".equals(r.replyTo()), "the refusal");
        assertThat(((Event.Refused) refused).code()).isEqualTo(chatroom.chat.ErrorCode.LOG_UNAVAILABLE);
        assertThat(a.logLines()).as("said once in the log").filteredOn(l -> l.startsWith("REDIS unreachable")).hasSize(1);

        redis.restart();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ann.say("after", "m3-" + System.nanoTime());
            assertThat(bob.seenEvents()).anyMatch(e -> e instanceof RoomMessage m && m.text().equals("after"));
        });
        RoomMessage after = bob.awaitEvent(RoomMessage.class, m -> m.text().equals("after"));
        assertThat(after.seq()).as("the next number after the outage").isEqualTo(before.seq() + 1);
        assertThat(bob.seenEvents()).noneMatch(e -> e instanceof RoomMessage m && m.text().equals("during"));
        await().untilAsserted(() -> assertThat(a.logLines()).anyMatch(l -> l.startsWith("REDIS back")));
    }

    @Test
    void afterRedisLosesItsDataARoomsNumbersGoOnAfterWhatEveryoneSawAndEachServerSaysSo() throws IOException {
        Said said = annSaidBeforeToBob(false);
        ClusterNode a = said.a();
        ClusterNode b = said.b();
        JsonClient ann = said.ann();
        JsonClient bob = said.bob();
        RoomMessage before = said.before();

        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        } finally {
            client.shutdown();
        }

        bob.say("after", "m2");
        Event.Notice told = bob.awaitEvent(Event.Notice.class, n -> n.text().contains("lost the history of #lobby"));
        assertThat(told.text()).as("bob's server noticed with his message, and says so").contains("numbers go on after " + before.seq());
        RoomMessage after = ann.awaitEvent(RoomMessage.class, m -> m.text().equals("after"));
        assertThat(after.seq()).as("numbered after what everyone saw, not from 1 again").isEqualTo(before.seq() + 1);
        ann.say("again", "m3");
        ann.awaitEvent(Event.Notice.class, n -> n.text().contains("lost the history of #lobby")); // a's, with her message
        RoomMessage again = bob.awaitEvent(RoomMessage.class, m -> m.text().equals("again"));
        assertThat(again.seq()).isEqualTo(before.seq() + 2);
        await().untilAsserted(() -> {
            assertThat(b.logLines()).as("b noticed it with its message").filteredOn(l -> l.startsWith("REDIS lost #lobby")).hasSize(1)
                    .allMatch(l -> l.contains("numbering goes on after " + before.seq()));
            assertThat(a.logLines()).as("a, with its next").filteredOn(l -> l.startsWith("REDIS lost #lobby")).hasSize(1);
        });
        // The names online were lost with the rest: each server claims its members' again at its next renewal.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String id = "who-" + System.nanoTime();
            bob.send(new chatroom.protocol.Request.Act(id, new chatroom.chat.ChatInput.Who(false)));
            assertThat(bob.awaitEvent(Event.WhoList.class, w -> id.equals(w.replyTo())).names()).as("b knows ann on a again").contains("ann");
        });
        assertThat(a.logLines()).anyMatch(l -> l.startsWith("CLUSTER Redis had forgotten this server"));
    }

    private record Said(ClusterNode a, ClusterNode b, JsonClient ann, JsonClient bob, RoomMessage before) {}

    /** Two servers on a Redis of the test's (kept across a restart with {@code appendOnly}); ann on a has said "before" and bob on b seen it. */
    private Said annSaidBeforeToBob(boolean appendOnly) throws IOException {
        redis = cluster.redis(appendOnly);
        ClusterNode a = node("a");
        ClusterNode b = node("b");
        JsonClient ann = a.json("ann");
        JsonClient bob = b.json("bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        ann.say("before", "m1");
        return new Said(a, b, ann, bob, bob.awaitEvent(RoomMessage.class, m -> m.text().equals("before")));
    }

    /** Another server's message in the lobby, numbered and stored as the script does, whose publication nobody heard. */
    private void storedButNotPublished(String text) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Keys keys = Keys.of("#lobby");
            long seq = c.sync().incr(keys.seq());
            StoredEvent lost = StoredEvent.message("#lobby", seq, Instant.now(), "ghost", text);
            c.sync().xadd(keys.log(), new io.lettuce.core.XAddArgs().id(seq + "-0"), Map.of("e", WireEvent.of("elsewhere", 1, lost).json()));
        } finally {
            client.shutdown();
        }
    }

    private static long numberOf(Event e) {
        return switch (e) {
            case RoomMessage m -> m.seq();
            case Joined j -> j.seq();
            case Left l -> l.seq();
            default -> 0;
        };
    }

    private static String describe(Event e) {
        return switch (e) {
            case RoomMessage m -> "say " + m.from() + ": " + m.text();
            case Joined j -> "join " + j.name();
            case Left l -> "leave " + l.name() + " " + l.why();
            default -> e.toString();
        };
    }
}

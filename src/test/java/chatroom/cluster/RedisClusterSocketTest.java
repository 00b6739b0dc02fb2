package chatroom.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.HistoryStore;
import chatroom.protocol.Request;
import chatroom.testing.ClusterNode;
import chatroom.testing.JsonClient;
import chatroom.testing.RedisClusterProcess;
import chatroom.testing.TestLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 on a Redis Cluster: three shards of the test's own, two chat servers given the
 * first shard's address, rooms whose keys sit on different shards. Everyone sees each room
 * whole and in one order, its events travel on its own shard's channel, and private
 * messages cross servers.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisClusterSocketTest {
    @TempDir
    Path dir;

    @Test
    void roomsOnThreeShardsAreEachSeenWholeInOneOrderByEveryoneOnEitherServer() throws Exception {
        try (RedisClusterProcess shards = RedisClusterProcess.start(Files.createDirectories(dir.resolve("redis")), 3)) {
            List<String> rooms = oneRoomPerShard(shards);
            try (ClusterNode a = ClusterNode.start(dir.resolve("a"), shards.url(), TestLimits.raised(), Duration.ofSeconds(10));
                    ClusterNode b = ClusterNode.start(dir.resolve("b"), shards.url(), TestLimits.raised(), Duration.ofSeconds(10))) {
                JsonClient ann = a.json("ann");
                JsonClient bob = b.json("bob");
                bothIn(ann, bob, rooms);
                for (String room : rooms) {
                    int shard = shards.shardOf(Keys.of(room).seq());
                    assertThat(shards.keysOn(shard, "chatroom:{" + room + "}:*")).as(room + "'s keys, on its shard")
                            .contains(Keys.of(room).seq(), Keys.of(room).log(), Keys.of(room).epoch());
                    assertThat(shards.shardChannels(shard)).as(room + "'s events on its shard's channel").contains(Keys.of(room).channel());
                }

                int each = 25;
                Thread annTalks = Thread.ofVirtual().start(() -> talk(ann, rooms, each));
                Thread bobTalks = Thread.ofVirtual().start(() -> talk(bob, rooms, each));
                annTalks.join();
                bobTalks.join();
                for (JsonClient c : List.of(ann, bob)) {
                    c.awaitEvents(RoomMessage.class, m -> m.text().startsWith("said "), 2 * each * rooms.size());
                }
                for (String room : rooms) {
                    Map<Long, String> annSaw = numbered(ann.seenEvents(), room);
                    Map<Long, String> bobSaw = numbered(bob.seenEvents(), room);
                    assertThat(annSaw.values().stream().filter(s -> s.startsWith("say ")).count())
                            .as("every message in " + room + ", once").isEqualTo(2 * each);
                    assertGapFree(annSaw, "ann in " + room);
                    assertGapFree(bobSaw, "bob in " + room);
                    for (Map.Entry<Long, String> e : annSaw.entrySet()) {
                        if (bobSaw.containsKey(e.getKey())) {
                            assertThat(bobSaw.get(e.getKey())).as("number " + e.getKey() + " in " + room + " is one event for both")
                                    .isEqualTo(e.getValue());
                        }
                    }
                }

                ann.tell(List.of("bob"), "just between us", "p1");
                PrivateMessage got = bob.awaitEvent(PrivateMessage.class, m -> m.text().equals("just between us"));
                assertThat(got.from()).isEqualTo("ann");
                bob.tell(List.of("ann"), "likewise", "p2");
                ann.awaitEvent(PrivateMessage.class, m -> m.text().equals("likewise") && m.from().equals("bob"));

                try (HistoryStore store = RedisHistoryStore.open(shards.url())) { // chatroom history --cluster
                    assertThat(store.rooms()).as("every room, from every shard").containsAll(rooms);
                    for (String room : rooms) {
                        assertThat(store.after(room, 0, HistoryStore.MAX_PAGE)).as(room + "'s stream")
                                .filteredOn(e -> e.text() != null && e.text().startsWith("said ")).hasSize(2 * each);
                    }
                }
            }
        }
    }

    @Test
    void onARedisClusterABanGivenOnOneServerPutsThePersonOutOfTheOtherAndAnAccountSignsInOnEither() throws Exception {
        try (RedisClusterProcess shards = RedisClusterProcess.start(Files.createDirectories(dir.resolve("redis")), 3)) {
            try (ClusterNode a = ClusterNode.start(dir.resolve("a"), shards.url(), TestLimits.raised(), Duration.ofSeconds(10));
                    ClusterNode b = ClusterNode.start(dir.resolve("b"), shards.url(), TestLimits.raised(), Duration.ofSeconds(10))) {
                assertThat(a.accounts().add("mod", "moderator password", chatroom.chat.Role.MODERATOR).done()).isTrue();
                chatroom.testing.PlainClient mod = b.plainConnected("mod");
                mod.send("mod");
                mod.awaitExactly("! password-required: mod is registered; send its password");
                mod.send("moderator password");
                mod.awaitLine(l -> l.startsWith("* welcome mod,"), "mod's welcome on b");
                chatroom.testing.PlainClient bob = a.plain("bob");
                mod.awaitStamped("* bob joined");
                mod.send("/ban bob spam");
                bob.awaitExactly("! banned: bob is banned by mod: spam until a moderator lifts it");
                bob.awaitEnd();
                mod.awaitStamped("* bob left (banned)");
            }
        }
    }

    @Test
    void aServerThatDiesIsAnnouncedLeftOnceInEachOfItsRoomsWhateverShardEachIsOn() throws Exception {
        try (RedisClusterProcess shards = RedisClusterProcess.start(Files.createDirectories(dir.resolve("redis")), 3)) {
            List<String> rooms = oneRoomPerShard(shards);
            try (ClusterNode a = ClusterNode.start(dir.resolve("a"), shards.url(), TestLimits.raised(), Duration.ofSeconds(2));
                    ClusterNode b = ClusterNode.start(dir.resolve("b"), shards.url(), TestLimits.raised(), Duration.ofSeconds(2))) {
                JsonClient ann = a.json("ann");
                JsonClient bob = b.json("bob");
                bothIn(ann, bob, rooms);
                // The cluster learns someone's rooms just after their join went out: wait until it knows bob's last.
                String last = rooms.get(rooms.size() - 1);
                await().untilAsserted(() -> {
                    String id = "who-" + System.nanoTime();
                    ann.send(new Request.Act(id, new ChatInput.InRoom(last, new ChatInput.Who(false))));
                    assertThat(ann.awaitEvent(Event.WhoList.class, w -> id.equals(w.replyTo())).names()).contains("bob");
                });
                b.crash();
                List<Left> left = ann.awaitEvents(Left.class, l -> l.name().equals("bob") && l.why().equals("connection lost"),
                        rooms.size() + 1);
                List<String> expected = new ArrayList<>(rooms);
                expected.add("#lobby");
                assertThat(left.stream().map(Left::room).toList()).as("in each of bob's rooms").containsExactlyInAnyOrderElementsOf(expected);
                assertThat(ann.seenEvents()).as("once in each room").filteredOn(e -> e instanceof Left l && l.name().equals("bob"))
                        .hasSize(rooms.size() + 1);
                try (ClusterNode c = ClusterNode.start(dir.resolve("c"), shards.url(), TestLimits.raised(), Duration.ofSeconds(2))) {
                    JsonClient again = c.json("bob"); // the name is free again
                    ann.awaitEvent(Joined.class, j -> j.room().equals("#lobby") && j.name().equals("bob") && j.seq() > 2);
                    again.close();
                }
            }
        }
    }

    /** ann and bob enter each room, ann first; returns once ann has seen bob's join in each. */
    private static void bothIn(JsonClient ann, JsonClient bob, List<String> rooms) {
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        for (String room : rooms) {
            ann.send(new Request.Act("join-" + room, new ChatInput.JoinRoom(room)));
            ann.awaitEvent(Event.RoomEntered.class, e -> e.room().equals(room));
            bob.send(new Request.Act("join-" + room, new ChatInput.JoinRoom(room)));
            ann.awaitEvent(Joined.class, j -> j.room().equals(room) && j.name().equals("bob"));
        }
    }

    /** Rooms #r0, #r1… until one sits on each shard. */
    private static List<String> oneRoomPerShard(RedisClusterProcess shards) {
        Map<Integer, String> byShard = new LinkedHashMap<>();
        for (int i = 0; byShard.size() < shards.ports().size(); i++) {
            String room = "#r" + i;
            byShard.putIfAbsent(shards.shardOf(Keys.of(room).seq()), room);
        }
        return new ArrayList<>(byShard.values());
    }

    private static void talk(JsonClient c, List<String> rooms, int each) {
        for (int i = 0; i < each; i++) {
            for (String room : rooms) {
                String id = c.label() + "-" + room + "-" + i;
                c.send(new Request.Act(id, new ChatInput.InRoom(room, new ChatInput.Say("said " + id))));
            }
        }
    }

    /** A room's numbered events as one client saw them: number → what. */
    private static Map<Long, String> numbered(List<Event> events, String room) {
        Map<Long, String> seen = new LinkedHashMap<>();
        for (Event e : events) {
            switch (e) {
                case RoomMessage m when m.room().equals(room) -> seen.put(m.seq(), "say " + m.from() + ": " + m.text());
                case Joined j when j.room().equals(room) -> seen.put(j.seq(), "join " + j.name());
                case Left l when l.room().equals(room) -> seen.put(l.seq(), "leave " + l.name());
                default -> { }
            }
        }
        return seen;
    }

    private static void assertGapFree(Map<Long, String> seen, String who) {
        List<Long> numbers = new ArrayList<>(seen.keySet());
        Set<Long> distinct = new LinkedHashSet<>(numbers);
        assertThat(distinct).as(who + ": each number once").hasSize(numbers.size());
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as(who + ": in order, without a gap").isEqualTo(numbers.get(i - 1) + 1);
        }
    }
}

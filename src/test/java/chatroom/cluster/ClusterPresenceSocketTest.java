package chatroom.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.testing.ClusterFixture;
import chatroom.testing.ClusterNode;
import chatroom.testing.PlainClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: names, presence and private messages across the servers of a cluster, and a
 * server that dies (its lease ends) leaving its members announced once by the others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterPresenceSocketTest {
    @RegisterExtension
    final ClusterFixture cluster = new ClusterFixture();

    private ClusterNode node(String name) throws IOException {
        return cluster.node(name);
    }

    private ClusterNode node(String name, Duration timeout) throws IOException {
        return cluster.node(name, timeout);
    }

    @Test
    void aNameOnlineOnOneServerIsRefusedOnAnotherInAnyCaseOrLookAlike() throws IOException {
        ClusterNode a = node("a");
        ClusterNode b = node("b");
        a.plain("alice");
        PlainClient other = b.plainConnected("other");
        other.send("ALICE");
        other.awaitExactly("! name-taken: alice is already here");
        other.send("aIice");
        other.awaitExactly("! name-confusable: aIice looks too much like alice, who is online (I looks like l); pick a name that looks different");
        other.send("bea");
        other.awaitExactly("* welcome bea, 2 online: alice, bea");
    }

    @Test
    void aNameLetGoOnOneServerCanBeTakenOnAnother() throws IOException {
        ClusterNode a = node("a");
        ClusterNode b = node("b");
        PlainClient ann = a.plain("ann");
        PlainClient watcher = b.plain("watcher");
        ann.send("/quit");
        watcher.awaitStamped("* ann left (quit)");
        // The leave is published as it is numbered and the name let go right after: on another
        // server it may be a moment later than the leave is seen.
        PlainClient again = b.plainConnected("again");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            again.send("ann");
            assertThat(again.awaitLine(l -> l.startsWith("* welcome ann") || l.startsWith("! name-taken"), "welcome or refusal"))
                    .startsWith("* welcome ann, ");
        });
    }

    @Test
    void ofManyJoiningUnderOneNameAtOnceOnThreeServersExactlyOneGetsIt() throws Exception {
        List<ClusterNode> three = List.of(node("a"), node("b"), node("c"));
        int tries = 12;
        List<PlainClient> clients = new ArrayList<>();
        for (int i = 0; i < tries; i++) clients.add(three.get(i % 3).plainConnected("try" + i));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (PlainClient c : clients) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                c.send("zoe");
            }));
        }
        go.countDown();
        for (Thread t : threads) t.join();
        List<String> outcomes = new CopyOnWriteArrayList<>();
        for (PlainClient c : clients) {
            outcomes.add(c.awaitLine(l -> l.startsWith("* welcome zoe") || l.startsWith("! name-taken"), "welcome or refusal"));
        }
        assertThat(outcomes).filteredOn(l -> l.startsWith("* welcome zoe")).as("welcomed as zoe").hasSize(1);
        assertThat(outcomes).filteredOn(l -> l.equals("! name-taken: zoe is already here")).hasSize(tries - 1);
    }

    @Test
    void aPrivateMessageReachesItsRecipientOnAnotherServerAndNobodyElse() throws IOException {
        ClusterNode a = node("a");
        ClusterNode b = node("b");
        PlainClient ann = a.plain("ann");
        PlainClient bob = b.plain("bob");
        PlainClient cat = b.plain("cat");
        PlainClient dan = a.plain("dan");
        ann.awaitStamped("* dan joined");
        ann.send("@bob @dan psst"); // in the order addressed, wherever each one is
        bob.awaitStamped("[private] ann -> bob, dan: psst");
        dan.awaitStamped("[private] ann -> bob, dan: psst");
        ann.awaitStamped("[private] ann -> bob, dan: psst");
        ann.send("@nobody hello?");
        ann.awaitExactly("! not-online: nobody is not online");
        ann.send("public after");
        cat.awaitStamped("ann: public after");
        assertThat(cat.seen()).as("cat's lines").noneMatch(l -> l.contains("psst"));
    }

    @Test
    void whoAndRoomsListEveryoneOnEveryServerInEachOfTheirRooms() throws IOException {
        ClusterNode a = node("a");
        ClusterNode b = node("b");
        PlainClient ann = a.plain("ann");
        PlainClient bob = b.plain("bob");
        PlainClient cat = b.plain("cat");
        cat.send("/join #games");
        cat.awaitLine(l -> l.contains("#games"), "entering #games");
        await().untilAsserted(() -> {
            ann.send("/who all");
            ann.awaitLine(l -> l.startsWith("* online ("), "the list");
            assertThat(ann.seen()).contains("* online (3): ann, bob, cat");
        });
        // cat is in #games as well as the lobby (several rooms at once), on the other server too.
        ann.send("/who");
        ann.awaitExactly("* in #lobby (3): ann, bob, cat");
        ann.send("/rooms");
        ann.awaitExactly("* rooms (2): #games (1), #lobby (3)");
        cat.send("/part #lobby");
        cat.awaitLine(l -> l.startsWith("* you talk in #games"), "the part's answer");
        ann.send("/who");
        ann.awaitExactly("* in #lobby (2): ann, bob");
        ann.send("/rooms");
        ann.awaitExactly("* rooms (2): #games (1), #lobby (2)");
    }

    @Test
    void redisAwayLongerThanTheNodeTimeoutMakesNobodyTakeTheOtherServersForDead() throws IOException {
        cluster.redis(true);
        Duration timeout = Duration.ofSeconds(1);
        ClusterNode a = node("a", timeout);
        ClusterNode b = node("b", timeout);
        PlainClient ann = a.plain("ann");
        PlainClient bob = b.plain("bob");
        ann.awaitStamped("* bob joined");
        cluster.redis().stop();
        // Away for longer than the timeout: every lease runs out with nobody able to renew it.
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> a.logLines().stream().anyMatch(l -> l.startsWith("REDIS unreachable")));
        cluster.redis().restart();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            bob.send("back");
            assertThat(ann.seen()).anyMatch(l -> l.endsWith("bob: back"));
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> ann.seen().stream().noneMatch(l -> l.contains("left (connection lost)")));
        assertThat(bob.seen()).noneMatch(l -> l.contains("ann left"));
    }

    @Test
    void aServerThatDiesHasItsMembersAnnouncedLeftOnceInEachOfTheirRoomsAndTheirNamesFreed() throws IOException {
        Duration timeout = Duration.ofSeconds(2);
        ClusterNode a = node("a", timeout);
        ClusterNode b = node("b", timeout);
        ClusterNode c = node("c", timeout);
        PlainClient ann = a.plain("ann");
        PlainClient cat = c.plain("cat");
        PlainClient bob = b.plain("bob");
        ann.awaitStamped("* bob joined");
        // ann and bob are in #games as well: bob's leave is announced in each of his rooms.
        ann.send("/join #games");
        ann.awaitLine("\\* now in #games.*");
        // The cluster learns ann's rooms once her join is out (after her welcome): a request behind it is answered after.
        ann.send("/who");
        ann.awaitLine("\\* in #games \\(1\\): ann");
        bob.send("/join #games");
        // The cluster learns bob's rooms once his join is out: a request behind it is answered after.
        bob.send("/who");
        bob.awaitLine("\\* in #games \\(2\\).*");
        ann.awaitStamped("* bob joined");
        b.crash();
        ann.awaitStampedLines(l -> l.endsWith("* bob left (connection lost)"), 2, "bob's leave of #lobby and #games");
        cat.awaitStamped("* bob left (connection lost)");
        a.plain("bob");
        cat.awaitStamped("* bob joined");
        assertThat(ann.seen()).filteredOn(l -> l.endsWith("* bob left (connection lost)")).as("announced once in each room").hasSize(2);
        assertThat(cat.seen()).filteredOn(l -> l.endsWith("* bob left (connection lost)")).as("announced once").hasSize(1);
    }
}

package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.testing.ClusterFixture;
import chatroom.testing.ClusterNode;
import chatroom.testing.PlainClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the Chatter given a cluster's nodes (--server A,B) moves to the next when its
 * own goes away, and shows only what it missed. Two servers in this JVM on a redis-server
 * of the test's own; the Chatter as a script runs it (not at a terminal), on real sockets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatterFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final ClusterFixture cluster = new ClusterFixture();

    @TempDir
    Path dir;

    private static ServerAddress at(ClusterNode node) {
        InetSocketAddress a = node.address();
        return new ServerAddress(a.getHostString(), a.getPort());
    }

    private CompletableFuture<Integer> run(List<ServerAddress> servers, TestChatter.RecordingScreen screen, String name) {
        Chatter chatter = new Chatter(servers, null, dir.resolve("logs"), screen, Clock.systemUTC(), null, false);
        return CompletableFuture.supplyAsync(() -> chatter.run(name));
    }

    /** Every line shown, one shown event (a replayed history) split into its lines. */
    private static List<String> lines(TestChatter.RecordingScreen screen) {
        return screen.shown.stream().flatMap(String::lines).toList();
    }

    private static long count(TestChatter.RecordingScreen screen, String ending) {
        return lines(screen).stream().filter(l -> l.endsWith(ending)).count();
    }

    @Test
    void aChatterWhoseServerStopsJoinsTheNextShowsExactlyWhatWasSaidMeanwhileAndCanSpeak() throws Exception {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        PlainClient bob = b.plain("bob");
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        CompletableFuture<Integer> exit = run(List.of(at(a), at(b)), screen, "ann");
        bob.awaitStamped("* ann joined");
        bob.send("before the stop");
        await("ann sees bob's first message").atMost(WAIT).until(() -> count(screen, "bob: before the stop") == 1);

        a.stop();
        bob.awaitLine(l -> l.contains("* ann left"), "ann leaving with a");
        for (int i = 1; i <= 3; i++) bob.send("meanwhile " + i);
        await("ann back, on b").atMost(WAIT).until(() -> lines(screen).contains("* reconnected to " + at(b)));
        await("what was said meanwhile").atMost(WAIT)
                .until(() -> count(screen, "bob: meanwhile 1") + count(screen, "bob: meanwhile 2") + count(screen, "bob: meanwhile 3") >= 3);

        screen.typed.add("back on b");
        bob.awaitStamped("ann: back on b");
        assertThat(count(screen, "bob: before the stop")).as("the message seen before the stop, not again").isEqualTo(1);
        for (int i = 1; i <= 3; i++) assertThat(count(screen, "bob: meanwhile " + i)).as("meanwhile " + i + ", once").isEqualTo(1);
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(20, TimeUnit.SECONDS)).as("ann quits normally").isZero();
    }

    @Test
    void aGuestWhoseServerWasKilledIsToldItsNameIsStillHeldAndGetsInOnceTheClusterFreesIt() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        ClusterNode a = cluster.node("a", timeout);
        ClusterNode b = cluster.node("b", timeout);
        PlainClient bob = b.plain("bob");
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        CompletableFuture<Integer> exit = run(List.of(at(a), at(b)), screen, "ann");
        bob.awaitStamped("* ann joined");

        a.crash();
        await("ann told why she waits").atMost(WAIT)
                .until(() -> lines(screen).contains("* ann is still held by the server that went away; trying again until it is free"));
        bob.awaitStamped("* ann left (connection lost)");
        await("ann back, on b").atMost(WAIT).until(() -> lines(screen).contains("* reconnected to " + at(b)));
        bob.awaitStamped("* ann joined");
        assertThat(lines(screen).stream().filter(l -> l.contains("is still held"))).as("said once, not at every try").hasSize(1);
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aChatterWhoseFirstServerDoesNotAnswerJoinsTheNext() throws Exception {
        ClusterNode b = cluster.node("b");
        int dead;
        try (ServerSocket free = new ServerSocket(0)) {
            dead = free.getLocalPort();
        }
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        CompletableFuture<Integer> exit = run(List.of(new ServerAddress("127.0.0.1", dead), at(b)), screen, "ann");
        await("ann's welcome").atMost(WAIT).until(() -> lines(screen).stream().anyMatch(l -> l.startsWith("* welcome ann,")));
        PlainClient bob = b.plain("bob");
        bob.send("hi ann");
        await("ann hears bob").atMost(WAIT).until(() -> count(screen, "bob: hi ann") == 1);
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }
}

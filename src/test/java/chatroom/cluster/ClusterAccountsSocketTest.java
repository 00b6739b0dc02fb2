package chatroom.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Role;
import chatroom.testing.ClusterFixture;
import chatroom.testing.ClusterNode;
import chatroom.testing.PlainClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: accounts, mutes and bans and waiting private messages are the cluster's, not
 * one server's. Servers in this JVM on a redis-server of the test's own; people on real
 * sockets see what they would on one server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterAccountsSocketTest {
    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    final ClusterFixture cluster = new ClusterFixture();

    private static PlainClient signIn(ClusterNode node, String name) {
        PlainClient c = node.plainConnected(name);
        c.send(name);
        c.awaitExactly("! password-required: " + name + " is registered; send its password");
        c.send(PASSWORD);
        c.awaitLine(l -> l.startsWith("* welcome " + name + ","), "the welcome of " + name);
        return c;
    }

    private static void register(ClusterNode node, String name, Role role) throws IOException {
        assertThat(node.accounts().add(name, PASSWORD, role).done()).isTrue();
    }

    @Test
    void aNameRegisteredOnOneServerAsksForItsPasswordOnAnotherAndSignsInThere() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        PlainClient ann = a.plain("ann");
        ann.send("/register " + PASSWORD);
        ann.awaitExactly("* you registered ann; from now on it takes your password");
        ann.send("/quit");
        ann.awaitEnd();

        PlainClient impostor = b.plainConnected("impostor");
        impostor.send("ann");
        impostor.awaitExactly("! password-required: ann is registered; send its password");
        impostor.send("not the password");
        impostor.awaitExactly("! password-wrong: that is not the password of ann; try again");
        impostor.close();

        signIn(b, "ann");
        PlainClient lookalike = a.plainConnected("Ann");
        lookalike.send("ANN");
        lookalike.awaitExactly("! password-required: ANN is registered; send its password");
    }

    @Test
    void aBanGivenOnOneServerPutsThePersonOutOfAnotherAtOnceAndKeepsThemOutOfEvery() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        register(a, "mod", Role.MODERATOR);
        PlainClient mod = signIn(a, "mod");
        PlainClient bob = b.plain("bob");
        PlainClient carol = b.plain("carol");
        mod.awaitStamped("* carol joined");

        mod.send("/ban bob spam links");
        carol.awaitExactly("* mod banned bob: spam links until a moderator lifts it");
        bob.awaitExactly("! banned: bob is banned by mod: spam links until a moderator lifts it");
        bob.awaitEnd();
        carol.awaitStamped("* bob left (banned)");
        // On the moderator's server bob's leave (from b, in the room's order) may come before the notice (from a).
        assertThat(mod.awaitLines(l -> l.equals("* mod banned bob: spam links until a moderator lifts it")
                || l.endsWith(" * bob left (banned)"), 2, "the ban's notice and bob's leave"))
                .anyMatch(l -> l.startsWith("* mod banned bob")).anyMatch(l -> l.endsWith("* bob left (banned)"));

        PlainClient again = a.plainConnected("bob again");
        again.send("bob");
        again.awaitExactly("! banned: bob is banned by mod: spam links until a moderator lifts it");
        again.awaitEnd();

        // A server started after the ban knows it from the cluster, and so does one restarted.
        ClusterNode c = cluster.node("c");
        PlainClient later = c.plainConnected("bob later");
        later.send("bob");
        later.awaitExactly("! banned: bob is banned by mod: spam links until a moderator lifts it");

        mod.send("/bans");
        mod.awaitExactly("* ban bob: by mod: spam links until a moderator lifts it");
        mod.send("/unban bob");
        mod.awaitExactly("* mod unbanned bob");
        // Each server hears the lift over Redis a moment after the moderator is told: bob, refused meanwhile, tries again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> c.plain("bob"));
    }

    @Test
    void aMuteGivenOnOneServerSilencesThePersonOnAnotherUntilLifted() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        register(a, "mod", Role.MODERATOR);
        PlainClient mod = signIn(a, "mod");
        PlainClient bob = b.plain("bob");
        mod.awaitStamped("* bob joined");

        mod.send("/mute bob 10m calm down");
        mod.awaitLine(l -> l.startsWith("* mod muted bob: calm down until "), "the mute told to the room");
        bob.awaitLine(l -> l.startsWith("* mod muted bob: calm down until "), "the mute told to bob's room");
        bob.awaitLine(l -> l.startsWith("* you were muted by mod: calm down; you cannot speak in rooms or privately until "),
                "bob told he is muted");
        bob.send("can I still talk?");
        bob.awaitLine(l -> l.startsWith("! muted: you were muted by mod"), "bob's message refused");
        bob.send("@mod please");
        bob.awaitLine(l -> l.startsWith("! muted: you were muted by mod"), "bob's private message refused");

        mod.send("/unmute bob");
        mod.awaitExactly("* mod unmuted bob");
        bob.awaitExactly("* you may speak again");
        bob.send("thank you");
        mod.awaitStamped("bob: thank you");
        assertThat(mod.seen()).noneMatch(l -> l.contains("can I still talk?") || l.contains("please"));
    }

    @Test
    void aKickOnOneServerPutsOutSomeoneOnAnotherWithTheSameWords() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        register(a, "mod", Role.MODERATOR);
        register(a, "boss", Role.ADMIN);
        PlainClient mod = signIn(a, "mod");
        PlainClient gus = b.plain("gus");
        PlainClient boss = signIn(b, "boss");
        mod.awaitStamped("* boss joined");

        mod.send("/kick boss");
        mod.awaitExactly("! not-allowed: you cannot kick boss, an admin above you");
        mod.send("/kick gus shouting");
        gus.awaitExactly("! kicked: you were kicked by mod: shouting");
        gus.awaitEnd();
        boss.awaitExactly("* mod kicked gus: shouting");
        boss.awaitStamped("* gus left (kicked)");
        b.plain("gus"); // a kick is not a ban
    }

    @Test
    void aPrivateMessageForAnOfflineAccountIsHandedOutOnWhicheverServerItSignsInTo() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        register(a, "ta", Role.ADMIN);
        PlainClient student = a.plain("student");
        student.send("@ta is question 3 about loops?");
        student.awaitExactly("* ta is offline; your message waits and reaches ta when they next sign in");

        PlainClient ta = signIn(b, "ta");
        ta.awaitExactly("* 1 private message was sent to you while you were away:");
        ta.awaitLine(l -> l.endsWith("[private, sent while you were away] student -> ta: is question 3 about loops?"),
                "the message that waited");
        ta.send("/quit");
        ta.awaitEnd();

        PlainClient taAgain = signIn(a, "ta");
        taAgain.send("/who");
        taAgain.awaitLine(l -> l.startsWith("* in #lobby ("), "the /who answer");
        assertThat(taAgain.seen()).as("handed out once, on one server").noneMatch(l -> l.contains("while you were away"));
    }

    @Test
    void anAccountRemovedFromTheClusterIsAGuestsNameOnEveryServerAndWhatWaitedForItGoes() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        register(a, "ta", Role.ADMIN);
        PlainClient student = a.plain("student");
        student.send("@ta still there?");
        student.awaitExactly("* ta is offline; your message waits and reaches ta when they next sign in");
        long identity = b.accounts().find("ta").orElseThrow().identity();
        assertThat(b.accounts().count(identity)).isEqualTo(1);

        assertThat(b.accounts().remove("TA")).as("removed by any case of its name").isTrue();
        assertThat(a.accounts().list()).isEmpty();
        assertThat(a.accounts().count(identity)).as("what waited goes with the account").isZero();
        PlainClient guest = b.plain("ta"); // no password asked
        guest.send("hello");
        student.awaitStamped("ta: hello");
        assertThat(b.accounts().remove("ta")).as("nothing left to remove").isFalse();
    }

    @Test
    void anAccountWhoseServerWasKilledSignsInOnAnotherAtOnceAndItsOldSelfIsSaidToHaveLeft() throws IOException {
        ClusterNode a = cluster.node("a");
        ClusterNode b = cluster.node("b");
        register(a, "ann", Role.MEMBER);
        signIn(a, "ann");
        PlainClient bob = b.plain("bob");
        PlainClient gus = a.plain("gus");
        bob.awaitStamped("* gus joined");

        // While a is alive its session is ann's: a second one on b is refused, not taken over.
        PlainClient twice = b.plainConnected("ann twice");
        twice.send("ann");
        twice.awaitExactly("! password-required: ann is registered; send its password");
        twice.send(PASSWORD);
        twice.awaitExactly("! name-taken: ann is already here");

        a.crash(); // --node-timeout is 10 s: without the take-over ann would wait that long
        PlainClient annBack = signIn(b, "ann");
        bob.awaitStamped("* ann left (connection lost)");
        bob.awaitStamped("* ann joined");
        annBack.send("back");
        bob.awaitStamped("ann: back");

        // A guest proves nothing: gus's name stays held until the dead server's lease ends.
        PlainClient gusBack = b.plainConnected("gus back");
        gusBack.send("gus");
        gusBack.awaitExactly("! name-taken: gus is already here");
    }
}

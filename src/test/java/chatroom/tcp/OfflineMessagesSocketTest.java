package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.History;
import chatroom.chat.Event.Notice;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Limits;
import chatroom.chat.Role;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.ManualClock;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Private messages to an account that is offline: kept, and handed out once when it signs in. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OfflineMessagesSocketTest extends ServerTest {
    private static final String PASSWORD = "correct horse battery";
    /** 17:00 in the test server's zone (Asia/Shanghai). */
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"), TestServer.ZONE);


    private TestServer open(int offlineQueue) throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.toBuilder().offlineQueue(offlineQueue).build(), clock);
        return server;
    }

    private void register(String name, Role role) throws IOException {
        assertThat(server.accounts().add(name, PASSWORD, role).done()).isTrue();
    }

    private PlainClient signIn(String name) {
        return signInWith(name, PASSWORD);
    }

    /** {@code sender} writes privately to {@code name}, who is offline, and is told it waits. */
    private static void leaveFor(PlainClient sender, String name, String text) {
        sender.send("@" + name + " " + text);
        sender.awaitExactly("* " + name + " is offline; your message waits and reaches " + name + " when they next sign in");
    }

    /** Everything {@code c} is shown up to the answer of a /who sent now: what it got on signing in, and nothing later. */
    private static List<String> shownUntilWho(PlainClient c) {
        c.send("/who");
        c.awaitLine(l -> l.startsWith("* in #lobby ("), "the /who answer");
        return c.seen();
    }

    @Test
    void aMessageToAnOfflineAccountWaitsAndReachesItMarkedWithItsTimeWhenItSignsIn() throws IOException {
        open(100);
        register("ta", Role.ADMIN);
        PlainClient student = server.plain("student");

        student.send("@ta is question 3 about loops?");
        student.awaitStamped("[private] student -> ta: is question 3 about loops?");
        student.awaitExactly("* ta is offline; your message waits and reaches ta when they next sign in");
        clock.advance(Duration.ofHours(2));

        PlainClient ta = signIn("ta");
        ta.awaitExactly("* 1 private message was sent to you while you were away:");
        ta.awaitExactly("2026-12-01 17:00:00 [private, sent while you were away] student -> ta: is question 3 about loops?");
        assertThat(server.logLines()).anyMatch(l -> l.contains("ACCOUNT WAITING ta private "))
                .anyMatch(l -> l.contains("ACCOUNT WAITED ta 1 private messages handed out"));
    }

    @Test
    void theJsonDoorMarksAMessageThatWaitedWithItsOriginalTime() throws IOException {
        open(100);
        register("ta", Role.ADMIN);
        JsonClient student = server.json("student");
        student.tell(List.of("ta"), "office hours?", "1");
        assertThat(student.awaitEvent(Notice.class, n -> n.text().contains("offline")).text())
                .isEqualTo("ta is offline; your message waits and reaches ta when they next sign in");
        clock.advance(Duration.ofMinutes(30));

        JsonClient ta = server.jsonConnected("ta");
        ta.send(new Request.Hello("h", chatroom.protocol.JsonCodec.VERSION, "ta", -1, PASSWORD));
        ta.awaitEvent(Welcome.class);
        PrivateMessage waited = ta.awaitEvent(PrivateMessage.class);
        assertThat(waited.waited()).isTrue();
        assertThat(waited.time()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(waited.from()).isEqualTo("student");
        assertThat(waited.text()).isEqualTo("office hours?");
    }

    @Test
    void aMessageThatWaitedIsHandedOutExactlyOnceEvenAcrossARestart() throws IOException {
        open(100);
        register("ta", Role.ADMIN);
        PlainClient student = server.plain("student");
        leaveFor(student, "ta", "first");
        leaveFor(student, "ta", "second");

        server.close();
        open(100);

        PlainClient ta = signIn("ta");
        ta.awaitExactly("* 2 private messages were sent to you while you were away:");
        ta.awaitStamped("[private, sent while you were away] student -> ta: first");
        ta.awaitStamped("[private, sent while you were away] student -> ta: second");
        // A second connection of the account, and a later sign-in, get nothing again.
        PlainClient phone = signIn("ta");
        assertThat(shownUntilWho(phone)).noneMatch(l -> l.contains("[private"));
        ta.send("/quit");
        phone.send("/quit");
        phone.awaitEnd();
        server.close();
        open(100);
        assertThat(shownUntilWho(signIn("ta"))).noneMatch(l -> l.contains("[private")).noneMatch(l -> l.contains("away"));
    }

    @Test
    void aGuestTakingALookAlikeOrTheNameOfARemovedAccountNeverGetsWhatWaited() throws IOException {
        open(100);
        register("bill", Role.MEMBER);
        PlainClient sender = server.plain("sender");
        leaveFor(sender, "bill", "secret for bill");

        PlainClient lookalike = server.plainConnected("lookalike");
        lookalike.send("biII"); // capital i for l
        lookalike.awaitLine(l -> l.startsWith("! name-confusable: "), "the look-alike refused");
        PlainClient upper = server.plainConnected("upper");
        upper.send("BILL");
        upper.awaitExactly("! password-required: BILL is registered; send its password");

        assertThat(server.accounts().remove("bill")).isTrue();
        PlainClient guest = server.plain("bill");
        assertThat(shownUntilWho(guest)).noneMatch(l -> l.contains("secret"));
        // Registered again by someone else: a new account, with nothing waiting.
        guest.send("/register another password");
        guest.awaitExactly("* you registered bill; from now on it takes your password");
        guest.send("/quit");
        guest.awaitEnd();
        assertThat(shownUntilWho(signInWith("bill", "another password"))).noneMatch(l -> l.contains("secret"));
    }

    private PlainClient signInWith(String name, String password) {
        PlainClient c = server.plainConnected(name);
        c.send(name);
        c.awaitExactly("! password-required: " + name + " is registered; send its password");
        c.send(password);
        c.awaitLine(l -> l.startsWith("* welcome " + name + ","), "the welcome of " + name);
        return c;
    }

    @Test
    void beyondTheOfflineQueueTheSenderIsToldTheMessageWasNotKept() throws IOException {
        open(2);
        register("ta", Role.ADMIN);
        PlainClient student = server.plain("student");
        leaveFor(student, "ta", "one");
        leaveFor(student, "ta", "two");
        student.send("@ta three");
        student.awaitExactly("! offline-queue-full: ta is offline and has 2 private messages waiting, the most this server"
                + " keeps; this one was not kept");

        PlainClient ta = signIn("ta");
        ta.awaitExactly("* 2 private messages were sent to you while you were away:");
        ta.awaitStamped("[private, sent while you were away] student -> ta: one");
        ta.awaitStamped("[private, sent while you were away] student -> ta: two");
        assertThat(shownUntilWho(ta)).noneMatch(l -> l.contains("three"));
    }

    @Test
    void aServerThatKeepsNoneSaysSoAndAGuestsNameIsStillNotOnline() throws IOException {
        open(0);
        register("ta", Role.ADMIN);
        PlainClient student = server.plain("student");
        student.send("@ta hello");
        student.awaitExactly("! offline-queue-full: this server keeps no private messages for people who are offline;"
                + " ta is not online");
        student.send("@nobody hello");
        student.awaitExactly("! not-online: nobody is not online");
    }

    @Test
    void aGuestsNameIsNotOnlineAsBeforeAndNothingWaitsForIt() throws IOException {
        open(100);
        PlainClient student = server.plain("student");
        student.send("@gus hello");
        student.awaitExactly("! not-online: gus is not online");
        JsonClient json = server.json("json");
        json.tell(List.of("gus"), "hello", "7");
        Refused refused = json.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_ONLINE);
    }

    @Test
    void aMutedSenderCannotLeaveAMessageWaiting() throws IOException {
        open(100);
        register("mod", Role.MODERATOR);
        register("ta", Role.ADMIN);
        PlainClient mod = signIn("mod");
        PlainClient loud = server.plain("loud");
        mod.send("/mute loud 10m");
        loud.awaitLine(l -> l.startsWith("* you were muted by mod"), "the mute");
        loud.send("@ta let me out");
        loud.awaitExactly("! muted: you were muted by mod; you cannot speak in rooms or privately until 17:10");
        PlainClient ta = signIn("ta");
        assertThat(shownUntilWho(ta)).noneMatch(l -> l.contains("let me out"));
    }

    @Test
    void oneMessageToAnOnlineAndAnOfflineAccountReachesTheOneNowAndTheOtherLater() throws IOException {
        open(100);
        register("ta", Role.ADMIN);
        register("tutor", Role.MEMBER);
        PlainClient tutor = signIn("tutor");
        PlainClient student = server.plain("student");
        student.send("@tutor @ta who grades the quiz?");
        tutor.awaitStamped("[private] student -> tutor, ta: who grades the quiz?");
        student.awaitExactly("* ta is offline; your message waits and reaches ta when they next sign in");
        PlainClient ta = signIn("ta");
        ta.awaitStamped("[private, sent while you were away] student -> tutor, ta: who grades the quiz?");
    }

    @Test
    void anAccountsHistoryAndSearchShowItsPrivateMessagesAcrossConnectionsAndSessions() throws IOException {
        open(100);
        register("ta", Role.ADMIN);
        PlainClient student = server.plain("student");
        leaveFor(student, "ta", "sent while away");
        PlainClient laptop = signIn("ta");
        laptop.awaitStamped("[private, sent while you were away] student -> ta: sent while away");
        PlainClient phone = signIn("ta");
        student.send("@ta sent while on two");
        phone.awaitStamped("[private] student -> ta: sent while on two");
        laptop.awaitStamped("[private] student -> ta: sent while on two");
        phone.send("@student answered from the phone");
        student.awaitStamped("[private] ta -> student: answered from the phone");
        laptop.send("/quit");
        phone.send("/quit");
        phone.awaitEnd();

        PlainClient later = signIn("ta");
        later.send("/history");
        later.awaitStamped("[private] student -> ta: sent while away");
        later.awaitStamped("[private] student -> ta: sent while on two");
        later.awaitStamped("[private] ta -> student: answered from the phone");
        later.send("/search phone");
        later.awaitStamped("[private] ta -> student: answered from the phone");

        // A guest's history is still only its own connection's: a new student sees none of it.
        student.send("/quit");
        student.awaitEnd();
        PlainClient again = server.plain("student");
        again.send("/search sent");
        assertThat(again.awaitLine(l -> l.startsWith("* "), "the search's answer")).doesNotContain("sent while");
        assertThat(shownUntilWho(again)).noneMatch(l -> l.contains("[private]"));
    }
}

package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.AccountRules;
import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Notice;
import chatroom.chat.Event.Refused;
import chatroom.chat.Role;
import chatroom.chat.Sanction;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.ManualClock;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Moderators and admins kicking, muting and banning, over real sockets, as the people involved see it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModerationSocketTest {
    private static final String PASSWORD = "correct horse battery";
    /** 17:00 in the test server's zone (Asia/Shanghai). */
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"), TestServer.ZONE);

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.withAccountRules(dataDir, clock, a -> new AccountRules(a, false, true));
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    private void register(String name, Role role) throws IOException {
        assertThat(server.accounts().add(name, PASSWORD, role).done()).isTrue();
    }

    private PlainClient signIn(String name) {
        return signInFrom(null, name);
    }

    private PlainClient signInFrom(InetAddress from, String name) {
        PlainClient c = from == null ? server.plainConnected(name) : server.plainConnectedFrom(from, name);
        c.send(name);
        c.awaitExactly("! password-required: " + name + " is registered; send its password");
        c.send(PASSWORD);
        c.awaitLine(l -> l.startsWith("* welcome " + name + ","), "the welcome of " + name);
        return c;
    }

    @Test
    void aModeratorKicksAMemberAndAGuestAndTheRoomIsToldWhy() throws IOException {
        register("mod", Role.MODERATOR);
        register("alice", Role.MEMBER);
        PlainClient mod = signIn("mod");
        PlainClient alice = signIn("alice");
        PlainClient gus = server.plain("gus");
        PlainClient watcher = server.plain("watcher");

        mod.send("/kick alice shouting in caps");
        watcher.awaitExactly("* mod kicked alice: shouting in caps");
        mod.awaitExactly("* mod kicked alice: shouting in caps");
        alice.awaitExactly("! kicked: you were kicked by mod: shouting in caps");
        alice.awaitEnd();
        watcher.awaitStamped("* alice left (kicked)");

        mod.send("/kick gus");
        watcher.awaitExactly("* mod kicked gus");
        gus.awaitExactly("! kicked: you were kicked by mod");
        gus.awaitEnd();

        // A kick is not a ban: both come back.
        signIn("alice");
        server.plain("gus");
        assertThat(server.logLines()).anyMatch(l -> l.contains("MODERATE mod kick alice until lifted: shouting in caps"))
                .anyMatch(l -> l.contains("MODERATE mod kick gus until lifted: "));
    }

    @Test
    void nobodyActsOnTheirEqualsOrBettersAndAMemberHasNoRightsAtAll() throws IOException {
        register("mod", Role.MODERATOR);
        register("other", Role.MODERATOR);
        register("boss", Role.ADMIN);
        register("alice", Role.MEMBER);
        PlainClient mod = signIn("mod");
        PlainClient other = signIn("other");
        PlainClient boss = signIn("boss");
        PlainClient alice = signIn("alice");

        mod.send("/kick boss");
        mod.awaitExactly("! not-allowed: you cannot kick boss, an admin above you");
        mod.send("/mute other 10m");
        mod.awaitExactly("! not-allowed: you cannot mute other, a moderator like you");
        mod.send("/ban ghost");
        mod.awaitExactly("! unknown-name: nobody called ghost is online or registered");
        mod.send("/kick ghost");
        mod.awaitExactly("! unknown-name: nobody called ghost is online");
        mod.send("/mute alice 10x");
        mod.awaitExactly("! duration-invalid: '10x' is not a duration: say 30s, 10m, 2h or 1d, or nothing for until lifted");
        alice.send("/kick mod");
        alice.awaitExactly("! not-allowed: /kick is for moderators and admins; you are a member");
        alice.send("/bans");
        alice.awaitExactly("! not-allowed: /bans is for moderators and admins; you are a member");
        PlainClient guest = server.plain("gus");
        guest.send("/mute alice");
        guest.awaitExactly("! not-allowed: /mute is for moderators and admins; you are a guest");

        // An admin may act on a moderator; everyone is still here.
        boss.send("/mute other 1h");
        other.awaitExactly("* you were muted by boss; you cannot speak in rooms or privately until 18:00");
        assertThat(mod.hasEnded()).isFalse();
        assertThat(alice.hasEnded()).isFalse();
    }

    @Test
    void aMutedMembersRoomAndPrivateMessagesAreRefusedReachNobodyAndTheMuteExpires() throws IOException {
        register("mod", Role.MODERATOR);
        register("alice", Role.MEMBER);
        PlainClient mod = signIn("mod");
        PlainClient alice = signIn("alice");
        PlainClient gus = server.plain("gus");

        mod.send("/mute alice 10m too loud");
        gus.awaitExactly("* mod muted alice: too loud until 17:10");
        alice.awaitExactly("* you were muted by mod: too loud; you cannot speak in rooms or privately until 17:10");

        alice.send("anyone there?");
        alice.awaitExactly("! muted: you were muted by mod: too loud; you cannot speak in rooms or privately until 17:10");
        alice.send("@gus psst");
        alice.awaitExactly("! muted: you were muted by mod: too loud; you cannot speak in rooms or privately until 17:10");
        mod.send("marker");
        gus.awaitStamped("mod: marker");
        assertThat(gus.seen()).noneMatch(l -> l.contains("anyone there?") || l.contains("psst"));

        clock.advance(Duration.ofMinutes(10));
        alice.send("free again");
        gus.awaitStamped("alice: free again");
    }

    @Test
    void aModeratorMutesAGuestAndUnmutesThem() throws IOException {
        register("mod", Role.MODERATOR);
        PlainClient mod = signIn("mod");
        PlainClient gus = server.plain("gus");

        mod.send("/mute gus");
        gus.awaitExactly("* you were muted by mod; you cannot speak in rooms or privately until a moderator lifts it");
        gus.send("hello?");
        gus.awaitExactly("! muted: you were muted by mod; you cannot speak in rooms or privately until a moderator lifts it");
        mod.send("/unmute gus");
        gus.awaitExactly("* mod unmuted gus");
        gus.awaitExactly("* you may speak again");
        gus.send("thanks");
        mod.awaitStamped("gus: thanks");
        mod.send("/unmute gus");
        mod.awaitExactly("! unknown-name: gus is not muted");
    }

    @Test
    void aBannedMemberIsPutOutAndCannotComeBackUntilTheBanIsLifted() throws IOException {
        register("mod", Role.MODERATOR);
        register("alice", Role.MEMBER);
        PlainClient mod = signIn("mod");
        PlainClient alice = signIn("alice");
        PlainClient gus = server.plain("gus");

        mod.send("/ban alice 1d spam links");
        gus.awaitExactly("* mod banned alice: spam links until 2026-12-02 17:00");
        alice.awaitExactly("! banned: alice is banned by mod: spam links until 2026-12-02 17:00");
        alice.awaitEnd();

        PlainClient again = server.plainConnected("alice again");
        again.send("alice");
        again.awaitExactly("! banned: alice is banned by mod: spam links until 2026-12-02 17:00");
        again.awaitEnd();

        mod.send("/bans");
        mod.awaitExactly("* ban alice: by mod: spam links until 2026-12-02 17:00");
        mod.send("/unban alice");
        mod.awaitExactly("* mod unbanned alice");
        signIn("alice");
    }

    @Test
    void aBannedGuestNameCannotBeTakenAgainButTheirAddressMayBeBannedToo() throws IOException {
        register("mod", Role.MODERATOR);
        PlainClient mod = signIn("mod");
        InetAddress elsewhere = InetAddress.getByName("127.0.0.3");
        PlainClient gus = server.plainFrom(elsewhere, "gus");

        mod.send("/ban gus");
        gus.awaitExactly("! banned: gus is banned by mod until a moderator lifts it");
        gus.awaitEnd();
        PlainClient gusAgain = server.plainConnectedFrom(elsewhere, "gus again");
        gusAgain.send("GUS");
        gusAgain.awaitExactly("! banned: gus is banned by mod until a moderator lifts it");

        PlainClient renamed = server.plainFrom(elsewhere, "gustav");
        mod.send("/ban 127.0.0.3 2h evading a ban");
        mod.awaitExactly("* mod banned 127.0.0.3: evading a ban until 19:00");
        renamed.awaitExactly("! banned: 127.0.0.3 is banned by mod: evading a ban until 19:00");
        renamed.awaitEnd();

        // Refused at connect, before it can ask for a name.
        PlainClient knocking = server.plainConnectedFrom(elsewhere, "knocking");
        knocking.awaitExactly("! banned: 127.0.0.3 is banned by mod: evading a ban until 19:00");
        knocking.awaitEnd();
        assertThat(server.logLines()).anyMatch(l -> l.contains("REJECT 127.0.0.3:") && l.contains("banned: 127.0.0.3 is banned"));

        // Nobody bans a range that holds themselves.
        mod.send("/ban 127.0.0.0/24");
        mod.awaitExactly("! not-allowed: you cannot ban 127.0.0.0/24: mod, a moderator like you, connects from there");
    }

    @Test
    void aMuteAndABanSurviveARestart() throws IOException {
        register("mod", Role.MODERATOR);
        register("alice", Role.MEMBER);
        register("bob", Role.MEMBER);
        PlainClient mod = signIn("mod");
        PlainClient alice = signIn("alice");
        signIn("bob");
        mod.send("/mute alice rude");
        alice.awaitExactly("* you were muted by mod: rude; you cannot speak in rooms or privately until a moderator lifts it");
        mod.send("/ban bob 2h");
        mod.awaitExactly("* mod banned bob until 19:00");

        server.close();
        server = TestServer.withAccountRules(dataDir, clock, a -> new AccountRules(a, false, true));

        PlainClient aliceBack = signIn("alice");
        aliceBack.send("I am back");
        aliceBack.awaitExactly("! muted: you were muted by mod: rude; you cannot speak in rooms or privately until a moderator lifts it");
        PlainClient bobBack = server.plainConnected("bob");
        bobBack.send("bob");
        bobBack.awaitExactly("! banned: bob is banned by mod until 19:00");
        bobBack.awaitEnd();
        PlainClient modBack = signIn("mod");
        modBack.send("/bans");
        modBack.awaitExactly("* ban bob: by mod until 19:00");
        modBack.awaitExactly("* mute alice: by mod: rude until a moderator lifts it");
        // Every action is kept as it happened, in the accounts store beside the accounts.
        assertThat(server.accounts().sanctions().actions())
                .extracting(act -> act.by() + " " + act.action().wire() + " " + act.target() + ": " + act.reason()
                        + (act.until() == null ? "" : " until " + act.until()))
                .containsExactly("mod mute alice: rude", "mod ban bob:  until 2026-12-01T11:00:00Z");
    }

    @Test
    void theJsonFramesMuteListAndTellAMemberTheyMayNot() throws IOException {
        register("mod", Role.MODERATOR);
        register("alice", Role.MEMBER);
        JsonClient mod = server.jsonConnected("mod");
        mod.send(new Request.Hello("1", JsonCodec.VERSION, "mod", -1, PASSWORD));
        JsonClient alice = server.jsonConnected("alice");
        alice.send(new Request.Hello("1", JsonCodec.VERSION, "alice", -1, PASSWORD));
        alice.awaitEvent(chatroom.chat.Event.Welcome.class, w -> true);

        alice.send(new Request.Act("2", new ChatInput.Moderate(Sanction.Action.KICK, "mod", null, "")));
        Refused refused = alice.awaitEvent(Refused.class, r -> "2".equals(r.replyTo()));
        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_ALLOWED);

        mod.send("{\"type\":\"mute\",\"target\":\"alice\",\"seconds\":300,\"reason\":\"calm down\",\"id\":\"3\"}");
        assertThat(alice.awaitEvent(Notice.class, n -> n.text().startsWith("you were muted")).text())
                .isEqualTo("you were muted by mod: calm down; you cannot speak in rooms or privately until 17:05");
        alice.say("hi", "4");
        assertThat(alice.awaitEvent(Refused.class, r -> "4".equals(r.replyTo())).code()).isEqualTo(ErrorCode.MUTED);

        mod.send("{\"type\":\"bans\",\"id\":\"5\"}");
        assertThat(mod.awaitEvent(Notice.class, n -> "5".equals(n.replyTo())).text())
                .isEqualTo("mute alice: by mod: calm down until 17:05");
        mod.send("{\"type\":\"mute\",\"target\":\"alice\",\"seconds\":\"soon\",\"id\":\"6\"}");
        assertThat(mod.awaitEvent(Refused.class, r -> "6".equals(r.replyTo())).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }
}

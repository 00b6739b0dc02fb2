package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.accounts.SqliteAccounts;
import chatroom.chat.AccountRules;
import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Limits;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Event.WhoList;
import chatroom.chat.Role;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.ManualClock;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names that belong to someone, over real sockets: signing in at the plain and JSON doors, registering, roles in /who. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountsSocketTest extends ServerTest {
    private static final String PASSWORD = "correct horse battery";


    private TestServer open() throws IOException {
        server = TestServer.start(dataDir);
        return server;
    }

    private void register(String name, Role role) throws IOException {
        assertThat(server.accounts().add(name, PASSWORD, role).done()).isTrue();
    }

    @Test
    void aRegisteredNameAsksForItsPasswordOnThePlainDoorAndAWrongOneMayBeTriedAgain() throws IOException {
        open();
        register("alice", Role.MEMBER);
        PlainClient alice = server.plainConnected("alice");

        alice.send("alice");
        alice.awaitExactly("! password-required: alice is registered; send its password");
        alice.send("not the password");
        alice.awaitExactly("! password-wrong: that is not the password of alice; try again");
        alice.send(PASSWORD);
        alice.awaitExactly("* welcome alice, 1 online: alice");
        alice.send("hello");
        alice.awaitStamped("alice: hello");
    }

    @Test
    void aPersonTypingThePasswordHasThePasswordTimeoutNotTheNameTimeout() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.toBuilder()
                .nameTimeout(Duration.ofSeconds(1)).passwordTimeout(Duration.ofSeconds(60)).build());
        register("alice", Role.MEMBER);
        PlainClient alice = server.plainConnected("alice");
        alice.send("alice");
        alice.awaitExactly("! password-required: alice is registered; send its password");
        alice.send("mistyped it");
        alice.awaitExactly("! password-wrong: that is not the password of alice; try again");

        // A connection made after alice's last try, that never names itself, is closed at the
        // name timeout: by then alice's name timeout has passed too, but she is still asked.
        PlainClient silent = server.plainConnected("silent");
        silent.awaitExactly("! name-timeout: no name received within 1 s");
        assertThat(alice.hasEnded()).isFalse();
        alice.send(PASSWORD);
        alice.awaitExactly("* welcome alice, 1 online: alice");
    }

    @Test
    void aPasswordNotSentWithinThePasswordTimeoutEndsTheConnectionSayingSo() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.toBuilder()
                .nameTimeout(Duration.ofSeconds(60)).passwordTimeout(Duration.ofMillis(1500)).build());
        register("alice", Role.MEMBER);
        PlainClient alice = server.plainConnected("alice");
        alice.send("alice");
        alice.awaitExactly("! password-required: alice is registered; send its password");
        alice.awaitExactly("! name-timeout: no password received within 1.5 s");
        alice.awaitEnd();
    }

    @Test
    void aNameGivenInAnotherCaseOrNormalFormSignsInUnderTheRegisteredSpelling() throws IOException {
        open();
        register("José", Role.MEMBER);
        PlainClient jose = server.plainConnected("jose");

        jose.send("JOSE\u0301"); // upper case, and the accent as a combining mark
        jose.awaitExactly("! password-required: JOSÉ is registered; send its password");
        jose.send(PASSWORD);
        jose.awaitExactly("* welcome José, 1 online: José");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"aIice", "ａｌｉｃｅ", "alicе" /* Cyrillic е */, "AIice"})
    void aGuestCannotTakeALookAlikeOfARegisteredNameEvenWhenItsOwnerIsAway(String lookalike) throws IOException {
        open();
        register("alice", Role.MEMBER);
        PlainClient guest = server.plainConnected("guest");

        guest.send(lookalike);
        String refusal = guest.awaitLine(l -> l.startsWith("! "), "a refusal");
        assertThat(refusal).satisfiesAnyOf(
                r -> assertThat(r).startsWith("! name-confusable: ").contains("looks too much like alice, a registered name"),
                r -> assertThat(r).startsWith("! name-invalid: "));
        guest.send("bob");
        guest.awaitExactly("* welcome bob, 1 online: bob");
    }

    @Test
    void theJsonHelloCarriesThePasswordAndWithoutItTheNameIsRefusedAsRegistered() throws IOException {
        open();
        register("alice", Role.MODERATOR);
        JsonClient client = server.jsonConnected("alice");

        client.hello("alice", "1");
        Refused required = client.awaitEvent(Refused.class);
        assertThat(required.code()).isEqualTo(ErrorCode.PASSWORD_REQUIRED);
        assertThat(required.replyTo()).isEqualTo("1");

        client.send(new Request.Hello("2", JsonCodec.VERSION, "alice", -1, "wrong password"));
        assertThat(client.awaitEvent(Refused.class, r -> "2".equals(r.replyTo())).code()).isEqualTo(ErrorCode.PASSWORD_WRONG);

        client.send(new Request.Hello("3", JsonCodec.VERSION, "Alice", -1, PASSWORD));
        assertThat(client.awaitEvent(Welcome.class).name()).isEqualTo("alice");
    }

    @Test
    void aGuestCannotTakeARegisteredNameThroughTheJsonDoor() throws IOException {
        open();
        register("alice", Role.MEMBER);
        JsonClient guest = server.jsonConnected("guest");

        guest.hello("aIice", "1");
        Refused refused = guest.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.NAME_CONFUSABLE);
        assertThat(refused.text()).isEqualTo("aIice looks too much like alice, a registered name (I looks like l); pick a name that looks different");
    }

    @Test
    void anAccountAddedBesideTheRunningServerCountsAtTheNextJoin() throws IOException {
        open();
        PlainClient first = server.plain("carol");
        first.send("/quit");
        first.awaitEnd();
        try (SqliteAccounts outside = SqliteAccounts.open(dataDir)) {
            assertThat(outside.add("carol", PASSWORD, Role.MEMBER).done()).isTrue();
        }

        PlainClient again = server.plainConnected("carol");
        again.send("carol");
        again.awaitExactly("! password-required: carol is registered; send its password");
    }

    @Test
    void afterFiveWrongPasswordsInAMinuteTheNextTryWaitsLongerEachTimeForTheAccountAndTheAddress() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"), TestServer.ZONE);
        server = TestServer.withAccountRules(dataDir, clock, a -> new AccountRules(a, false, true));
        register("alice", Role.MEMBER);
        register("bob", Role.MEMBER);
        PlainClient guesser = server.plainConnected("guesser");
        guesser.send("alice");
        guesser.awaitExactly("! password-required: alice is registered; send its password");
        for (int i = 0; i < 5; i++) {
            guesser.send("guess number " + i);
            guesser.awaitExactly("! password-wrong: that is not the password of alice; try again");
        }

        guesser.send(PASSWORD); // even the right one is not looked at now
        guesser.awaitExactly("! rate-limited: too many wrong passwords; retry in 1.0 s");
        // Another address, the same account: waits too.
        PlainClient elsewhere = server.plainConnectedFrom(InetAddress.getByName("127.0.0.2"), "elsewhere");
        elsewhere.send("alice");
        elsewhere.awaitExactly("! password-required: alice is registered; send its password");
        elsewhere.send(PASSWORD);
        elsewhere.awaitExactly("! rate-limited: too many wrong passwords; retry in 1.0 s");
        // The same address, another account: waits too.
        PlainClient other = server.plainConnected("other");
        other.send("bob");
        other.awaitExactly("! password-required: bob is registered; send its password");
        other.send(PASSWORD);
        other.awaitExactly("! rate-limited: too many wrong passwords; retry in 1.0 s");

        clock.advance(Duration.ofSeconds(1));
        guesser.send("guess number 5");
        guesser.awaitExactly("! password-wrong: that is not the password of alice; try again");
        guesser.send("guess number 6");
        guesser.awaitExactly("! rate-limited: too many wrong passwords; retry in 2.0 s");

        clock.advance(Duration.ofMinutes(1)); // a minute without failures: free again
        guesser.send(PASSWORD);
        guesser.awaitExactly("* welcome alice, 1 online: alice");
        assertThat(server.logLines()).anyMatch(l -> l.contains("REJECT") && l.contains("rate-limited: too many wrong passwords"));
    }

    @Test
    void aGuestRegistersTheirNameAndFromThenOnItTakesThePassword() throws IOException {
        open();
        PlainClient carol = server.plain("carol");
        carol.send("/register short");
        carol.awaitExactly("! password-invalid: a password needs at least 8 characters, this one has 5");
        carol.send("/register " + PASSWORD);
        carol.awaitExactly("* you registered carol; from now on it takes your password");
        carol.send("/register " + PASSWORD);
        carol.awaitExactly("! already-registered: carol is registered already; /password changes its password");
        carol.send("/password another password");
        carol.awaitExactly("* your password is changed");
        carol.send("/quit");
        carol.awaitEnd();

        PlainClient back = server.plainConnected("carol");
        back.send("carol");
        back.awaitExactly("! password-required: carol is registered; send its password");
        back.send(PASSWORD);
        back.awaitExactly("! password-wrong: that is not the password of carol; try again");
        back.send("another password");
        back.awaitExactly("* welcome carol, 1 online: carol");
    }

    @Test
    void aGuestCannotChangeAPasswordTheyDoNotHave() throws IOException {
        open();
        PlainClient dave = server.plain("dave");
        dave.send("/password whatever123");
        dave.awaitExactly("! not-registered: dave is not registered; /register gives it a password");
    }

    @Test
    void withoutRegistrationAGuestIsToldToAskTheAdmin() throws IOException {
        server = TestServer.withAccountRules(dataDir, a -> new AccountRules(a, false, false));
        PlainClient carol = server.plain("carol");
        carol.send("/register " + PASSWORD);
        carol.awaitExactly("! registration-off: this server does not let names be registered from the chat; ask its admin for an account");
    }

    @Test
    void membersOnlyRefusesGuestsAndLetsAccountsIn() throws IOException {
        server = TestServer.withAccountRules(dataDir, a -> new AccountRules(a, true, true));
        register("alice", Role.MEMBER);
        PlainClient guest = server.plainConnected("guest");
        guest.send("bob");
        guest.awaitExactly("! members-only: this server is for members only and bob is not registered; ask its admin for an account");

        guest.send("alice");
        guest.awaitExactly("! password-required: alice is registered; send its password");
        guest.send(PASSWORD);
        guest.awaitExactly("* welcome alice, 1 online: alice");
    }

    @Test
    void whoTellsGuestsModeratorsAndAdminsApartOnceThereAreAccounts() throws IOException {
        open();
        PlainClient early = server.plain("early");
        early.send("/who");
        early.awaitExactly("* in #lobby (1): early"); // no accounts yet: as before

        register("alice", Role.ADMIN);
        register("mod", Role.MODERATOR);
        register("mem", Role.MEMBER);
        PlainClient alice = signIn("alice");
        signIn("mod");
        signIn("mem");
        alice.send("/who");
        alice.awaitExactly("* in #lobby (4): alice (admin), early (guest), mem, mod (moderator)");

        JsonClient json = server.json("zed");
        json.send(new Request.Act("w", new chatroom.chat.ChatInput.Who(true)));
        WhoList who = json.awaitEvent(WhoList.class);
        assertThat(who.roles()).containsEntry("alice", Role.ADMIN).containsEntry("mod", Role.MODERATOR)
                .containsEntry("zed", Role.GUEST).doesNotContainKey("mem");
    }

    private PlainClient signIn(String name) {
        PlainClient c = server.plainConnected(name);
        c.send(name);
        c.awaitExactly("! password-required: " + name + " is registered; send its password");
        c.send(PASSWORD);
        c.awaitWelcome(name);
        return c;
    }

    @Test
    void aPasswordNeverLandsInAnyFileTheServerWrites() throws IOException {
        open();
        String secret = "zebra-Quokka-4417";
        PlainClient carol = server.plain("carol");
        carol.send("/register " + secret);
        carol.awaitExactly("* you registered carol; from now on it takes your password");
        carol.send("/password " + secret + "-2");
        carol.awaitExactly("* your password is changed");
        carol.send("/quit");
        carol.awaitEnd();
        PlainClient again = server.plainConnected("again");
        again.send("carol");
        again.awaitExactly("! password-required: carol is registered; send its password");
        again.send(secret); // the old one, now wrong: a refusal that is logged
        again.awaitExactly("! password-wrong: that is not the password of carol; try again");
        JsonClient json = server.jsonConnected("json");
        json.send("{\"type\":\"hello\",\"version\":1,\"name\":\"carol\",\"password\":" + secret + "}"); // not JSON
        assertThat(json.awaitEvent(Refused.class).text()).doesNotContain("zebra");
        json.send(new Request.Hello("h", JsonCodec.VERSION, "carol", -1, secret + "-2"));
        json.awaitEvent(Welcome.class);
        json.send(new Request.Act("r", new chatroom.chat.ChatInput.Register(secret)));
        json.awaitEvent(Refused.class, r -> "r".equals(r.replyTo()));
        server.close();

        List<Path> files;
        try (Stream<Path> all = Files.walk(dataDir)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("accounts.db", "history.db");
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain(secret).doesNotContain("Quokka");
        }
        assertThat(String.join("\n", server.logLines())).contains("ACCOUNT REGISTER carol", "ACCOUNT PASSWORD carol",
                "password-wrong");
    }

    @Test
    void anAccountSignedInOnTwoConnectionsIsOneMemberAndEachConnectionSeesWhatIsSentToIt() throws IOException {
        open();
        register("alice", Role.MEMBER);
        PlainClient bob = server.plain("bob");
        PlainClient laptop = signIn("alice");
        bob.awaitStamped("* alice joined");
        PlainClient phone = server.plainConnected("phone");
        phone.send("alice");
        phone.awaitExactly("! password-required: alice is registered; send its password");
        phone.send(PASSWORD);
        phone.awaitExactly("* welcome alice, 2 online: alice, bob");
        phone.awaitExactly("* you are signed in as alice on 2 connections; each sees what is sent to alice");

        bob.send("hello alice");
        laptop.awaitStamped("bob: hello alice");
        phone.awaitStamped("bob: hello alice");
        bob.send("@alice just for you");
        laptop.awaitLine(l -> l.contains("just for you"), "the private message on the laptop");
        phone.awaitLine(l -> l.contains("just for you"), "the private message on the phone");
        phone.send("from the phone");
        bob.awaitStamped("alice: from the phone");
        laptop.awaitStamped("alice: from the phone");
        bob.send("/who");
        bob.awaitExactly("* in #lobby (2): alice, bob (guest)");

        phone.send("/quit");
        phone.awaitEnd();
        laptop.send("still here");
        bob.awaitStamped("alice: still here");
        assertThat(bob.seen()).noneMatch(l -> l.contains("alice left"));
        assertThat(server.onlineCount()).isEqualTo(2);

        laptop.send("/quit");
        laptop.awaitEnd();
        bob.awaitStamped("* alice left (quit)");
        assertThat(server.logLines()).anyMatch(l -> l.contains("ACCOUNT CONNECTION alice") && l.contains("(2 connections)"))
                .anyMatch(l -> l.contains("ACCOUNT DISCONNECTION alice") && l.contains("(1 connections left)"));
    }

    /** Several rooms at once (issue 16), for an account signed in twice. */
    @Test
    void anAccountsFurtherConnectionIsToldItsRoomsAndAQuitNamingARoomEndsOnlyThatConnection() throws IOException {
        open();
        register("alice", Role.MEMBER);
        PlainClient bob = server.plain("bob");
        PlainClient laptop = signIn("alice");
        laptop.send("/join #games");
        laptop.awaitExactly("* now in #games (1): alice");

        JsonClient page = server.jsonConnected("page");
        page.send(new Request.Hello("h", JsonCodec.VERSION, "alice", -1, PASSWORD));
        Event.YourRooms rooms = page.awaitEvent(Event.YourRooms.class);
        assertThat(rooms.rooms()).containsExactly("#lobby", "#games");
        assertThat(rooms.current()).isEqualTo("#games");

        // A typed /quit on the page names the room on screen: still only that connection ends.
        page.send(new Request.Act("q", new ChatInput.InRoom("#lobby", new ChatInput.Quit())));
        page.awaitEnd();
        laptop.send("/join #lobby");
        laptop.awaitExactly("* you talk in #lobby; your rooms (2): #lobby, #games");
        laptop.send("still here");
        bob.awaitStamped("alice: still here");
        assertThat(bob.seen()).noneMatch(l -> l.contains("alice left"));
        assertThat(server.onlineCount()).isEqualTo(2);
    }

    @Test
    void whenOneOfAnAccountsConnectionsIsLostTheMemberStaysOnTheOther() throws IOException {
        open();
        register("alice", Role.MEMBER);
        PlainClient bob = server.plain("bob");
        PlainClient laptop = signIn("alice");
        PlainClient phone = signIn("alice");
        phone.abort();
        bob.send("are you there");
        laptop.awaitStamped("bob: are you there");
        assertThat(server.onlineCount()).isEqualTo(2);
        laptop.abort();
        bob.awaitStamped("* alice left (connection lost)");
    }

    @Test
    void aSecondConnectionOfAnAccountIsWelcomedToItsRoomWithTheUsualReplay() throws IOException {
        open();
        register("alice", Role.MEMBER);
        PlainClient laptop = signIn("alice");
        laptop.send("/join #games");
        laptop.awaitLine(l -> l.startsWith("* now in #games"), "entering #games");
        laptop.send("first");
        laptop.awaitStamped("alice: first");
        laptop.send("second");
        laptop.awaitStamped("alice: second");

        PlainClient phone = signIn("alice");
        phone.awaitExactly("* history of #games: 2 earlier messages");
        phone.awaitStamped("alice: first");
        phone.awaitStamped("alice: second");
        phone.awaitExactly("* end of history");
        phone.awaitExactly("* you are signed in as alice on 2 connections; each sees what is sent to alice");
        laptop.send("third");
        phone.awaitStamped("alice: third");
        assertThat(phone.seen()).filteredOn(l -> l.endsWith("alice: second")).hasSize(1);
        assertThat(phone.seen()).filteredOn(l -> l.startsWith("* welcome alice")).hasSize(1);
    }
}

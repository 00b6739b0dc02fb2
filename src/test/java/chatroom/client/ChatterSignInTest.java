package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Role;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Chatter signing in to a registered name, and registering one, against a real server. */
@Timeout(60)
class ChatterSignInTest {
    private static final String PASSWORD = "kettle-Umbrella-93";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        assertThat(server.accounts().add("alice", PASSWORD, Role.ADMIN).done()).isTrue();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CompletableFuture<Integer> run(TestChatter.RecordingScreen screen, String name, String password) {
        Chatter chatter = new Chatter("127.0.0.1", server.address().getPort(), dir.resolve("logs"), screen, Clock.systemUTC(),
                password);
        return CompletableFuture.supplyAsync(() -> chatter.run(name));
    }

    private static void awaitShown(TestChatter.RecordingScreen screen, String line) {
        await(line).atMost(WAIT).until(() -> screen.shown.contains(line));
    }

    @Test
    void atATerminalTheChatterAsksForThePasswordOfARegisteredNameAndAgainAfterAWrongOne() throws Exception {
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true);
        CompletableFuture<Integer> exit = run(screen, "alice", null);

        awaitShown(screen, "(asked: password for alice: )");
        assertThat(screen.shown).contains("! password-required: alice is registered; send its password");
        screen.typed.add("not it at all");
        awaitShown(screen, "! password-wrong: that is not the password of alice; try again");
        screen.typed.add(PASSWORD);
        await().atMost(WAIT).until(() -> screen.shown.stream().anyMatch(l -> l.startsWith("* welcome alice, 1 online")));

        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
        assertNoFileHolds(PASSWORD);
    }

    @Test
    void aScriptGivesThePasswordAndIsNeverAsked() throws Exception {
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        CompletableFuture<Integer> exit = run(screen, "alice", PASSWORD);

        await().atMost(WAIT).until(() -> screen.shown.stream().anyMatch(l -> l.startsWith("* welcome alice, 1 online")));
        assertThat(screen.shown).noneMatch(l -> l.startsWith("(asked")).noneMatch(l -> l.contains("password-required"));
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aScriptWithAWrongPasswordEndsWithOneInsteadOfGuessing() throws Exception {
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        CompletableFuture<Integer> exit = run(screen, "alice", "wrong-password");

        assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(screen.shown).containsExactly("! password-wrong: that is not the password of alice; try again");
    }

    @Test
    void aGuestRegistersFromTheChatterTypingThePasswordTwiceAndSignsInWithItNextTime() throws Exception {
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true);
        CompletableFuture<Integer> exit = run(screen, "carol", null);
        await().atMost(WAIT).until(() -> screen.shown.stream().anyMatch(l -> l.startsWith("* welcome carol")));

        screen.typed.add("/register");
        screen.typed.add("first try 123");
        screen.typed.add("first try 124");
        awaitShown(screen, "! password-invalid: the two passwords differ; nothing was sent");
        screen.typed.add("/register");
        screen.typed.add(PASSWORD);
        screen.typed.add(PASSWORD);
        awaitShown(screen, "* you registered carol; from now on it takes your password");
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();

        PlainClient again = server.plainConnected("carol");
        again.send("carol");
        again.awaitExactly("! password-required: carol is registered; send its password");
        again.send(PASSWORD);
        again.awaitWelcome("carol");
        assertNoFileHolds(PASSWORD);
    }

    @Test
    void thePasswordFileGivesItsFirstLineAndTheVariableComesSecond() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, PASSWORD + "\nignored\n");
        assertThat(ClientCommand.password(file, "from-variable")).isEqualTo(PASSWORD);
        assertThat(ClientCommand.password(null, "from-variable")).isEqualTo("from-variable");
        assertThat(ClientCommand.password(null, "")).isNull();
        assertThat(ClientCommand.password(null, null)).isNull();
    }

    @Test
    void aPrivateMessageThatWaitedIsShownMarkedAndKeptInTheTranscript() throws Exception {
        PlainClient student = server.plain("student");
        student.send("@alice is the lab open?");
        student.awaitExactly("* alice is offline; your message waits and reaches alice when they next sign in");

        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        CompletableFuture<Integer> exit = run(screen, "alice", PASSWORD);
        awaitShown(screen, "* 1 private message was sent to you while you were away:");
        await().atMost(WAIT).until(() -> screen.shown.stream()
                .anyMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\[private, sent while you were away\\]"
                        + " student -> alice: is the lab open\\?")));
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
        List<Path> transcripts;
        try (Stream<Path> all = Files.walk(dir.resolve("logs"))) {
            transcripts = all.filter(Files::isRegularFile).toList();
        }
        assertThat(transcripts).anySatisfy(t -> assertThat(Files.readString(t))
                .contains("[private, sent while you were away] student -> alice: is the lab open?"));
    }

    /** Neither the transcripts nor anything the server keeps hold the password. */
    private void assertNoFileHolds(String secret) throws Exception {
        server.stop();
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("accounts.db");
        assertThat(files).anyMatch(p -> p.startsWith(dir.resolve("logs")));
        for (Path f : files) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
        }
    }
}

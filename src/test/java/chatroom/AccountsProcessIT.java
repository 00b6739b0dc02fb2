package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.BareSocketClient;
import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import chatroom.testing.StartedProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts as an admin and a script use them, on the packaged jar: {@code chatroom
 * account add} with the password on stdin, a server, the Chatter signing in with
 * {@code CHATROOM_PASSWORD}, a guest registering with {@code /register}, a wrong guess at
 * the plain door; then no file the server or the Chatters wrote, and nothing they
 * printed, holds either password.
 */
@Timeout(value = 90, unit = SECONDS)
class AccountsProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TA_PASSWORD = "Heron-pebble-7731";
    private static final String BOB_PASSWORD = "Walrus-quince-2208";

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }


    private ProcessRunner run(String name, Map<String, String> env, String... args) {
        ProcessRunner p = Launcher.chatroom(name, tmp, env, args);
        started.add(p);
        return p;
    }

    @Test
    void aTaSignsInAGuestRegistersAndNoPasswordIsWrittenAnywhere() throws IOException {
        String data = tmp.resolve("data").toString();
        ProcessRunner add = run("account", Map.of(), "account", "add", "ta", "--role", "admin", "--data-dir", data);
        add.send(TA_PASSWORD);
        add.closeStdin();
        assertThat(add.awaitExit(WAIT)).isZero();
        assertThat(add.stdoutLines()).containsExactly("added ta (admin)");

        ProcessRunner server = run("server", Map.of(), "server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data);
        int port = Launcher.port(server, WAIT);
        String logs = tmp.resolve("logs").toString();
        ProcessRunner ta = run("ta", Map.of("CHATROOM_PASSWORD", TA_PASSWORD), "client", "ta", "--port",
                Integer.toString(port), "--log-dir", logs);
        ta.awaitLine(Pattern.quote("* welcome ta, 1 online: ta"), WAIT);
        ProcessRunner bob = run("bob", Map.of(), "client", "bob", "--port", Integer.toString(port), "--log-dir", logs);
        bob.awaitLine(Pattern.quote("* welcome bob, 2 online: bob, ta"), WAIT);
        bob.send("/register " + BOB_PASSWORD);
        bob.awaitLine(Pattern.quote("* you registered bob; from now on it takes your password"), WAIT);
        bob.send("/who");
        bob.awaitLine(Pattern.quote("* in #lobby (2): bob, ta (admin)"), WAIT);

        try (BareSocketClient guesser = new BareSocketClient("guesser", port)) {
            guesser.sendWithoutNewline("TA\n");
            guesser.awaitLine(Pattern.quote("! password-required: TA is registered; send its password"), WAIT);
            guesser.sendWithoutNewline(BOB_PASSWORD + "\n");
            guesser.awaitLine(Pattern.quote("! password-wrong: that is not the password of TA; try again"), WAIT);
        }

        bob.closeStdin();
        assertThat(bob.awaitExit(WAIT)).isZero();
        ta.closeStdin();
        assertThat(ta.awaitExit(WAIT)).isZero();
        server.terminate();
        assertThat(server.awaitExit(WAIT)).isZero();

        List<Path> files;
        try (Stream<Path> all = Files.walk(tmp)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("accounts.db", "history.db", "ta.log", "bob.log");
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(f.toString()).doesNotContain(TA_PASSWORD).doesNotContain(BOB_PASSWORD);
        }
        for (ProcessRunner p : List.of(add, server, ta, bob)) {
            assertThat(String.join("\n", p.stdoutLines()) + String.join("\n", p.stderrLines())).as(p.name())
                    .doesNotContain(TA_PASSWORD).doesNotContain(BOB_PASSWORD);
        }
        assertThat(String.join("\n", server.stdoutLines())).contains("ACCOUNT REGISTER bob", "password-wrong");
    }
}

package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.testing.BareSocketClient;
import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import chatroom.testing.StartedProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real irssi (Debian's, test.sh installs it and tmux when missing) on the packaged
 * server, in a terminal of its own: a tmux server on a socket in the test's folder, whose
 * keys the test types. irssi writes what it shows of each channel and query to its own
 * log file ({@code autolog} with a temporary {@code --home}), which the test reads; its
 * screen is read once with {@code capture-pane}. irssi joins #lobby beside someone at the
 * plain door, reads what they say, speaks, and talks privately both ways.
 */
@Timeout(value = 90, unit = SECONDS)
class IrssiProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path IRSSI = Path.of("/usr/bin/irssi");
    private static final Path TMUX = Path.of("/usr/bin/tmux");

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private Path socket;

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }

    @AfterEach
    void stopTmux() {
        // irssi and its terminal, if the test ended before /quit ended them (after it, tmux has already gone).
        if (socket != null && Files.exists(socket)) run(false, "kill-server");
    }

    @Test
    void irssiJoinsTheLobbyReadsAndSpeaksAndTalksPrivatelyBothWays() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(IRSSI) && Files.isExecutable(TMUX),
                "irssi or tmux is not installed (test.sh installs them: apt-get install irssi tmux)");
        ProcessRunner server = started.add(Launcher.chatroom("server", tmp, "server", "--port", "0", "--no-web", "--irc-port", "0",
                "--data-dir", tmp.resolve("data").toString()));
        int port = Launcher.port(server, WAIT);
        int ircPort = Integer.parseInt(server.awaitLine("IRC on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1));

        Path home = Files.createDirectories(tmp.resolve("irssi"));
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        // The whole configuration: who irssi is, and a log file per channel and query ($0: its name).
        Files.writeString(home.resolve("config"), """
                settings = {
                  core = { real_name = "irssi user"; user_name = "irssiuser"; nick = "irssiuser"; };
                  "fe-common/core" = { autolog = "yes"; autolog_path = "%s/$0.log"; };
                };
                """.formatted(logs));
        socket = tmp.resolve("tmux.sock");
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "irssi", "-x", "200", "-y", "50",
                "irssi --home='" + home + "' -c 127.0.0.1 -p " + ircPort + " -n irssiuser");

        Path lobby = logs.resolve("#lobby.log");
        await("irssi in #lobby (its log)").atMost(WAIT).until(() -> read(lobby).contains("irssiuser [chat@chatroom] has joined #lobby"));
        assertThat(tmux("capture-pane", "-p", "-t", "irssi")).as("irssi's screen").contains("Welcome to chatroom, irssiuser");

        try (BareSocketClient bob = new BareSocketClient("bob", port)) {
            bob.sendWithoutNewline("bob\n");
            bob.awaitLine(Pattern.quote("* welcome bob, 2 online: bob, irssiuser"), WAIT);
            bob.sendWithoutNewline("hello irssi\n");
            await("bob's message in irssi's #lobby log").atMost(WAIT).until(() -> read(lobby).contains("< bob> hello irssi"));

            type("/msg #lobby hi bob from irssi");
            bob.awaitLine("\\S+ \\S+ " + Pattern.quote("irssiuser: hi bob from irssi"), WAIT);

            type("/msg bob just between us");
            bob.awaitLine("\\S+ \\S+ " + Pattern.quote("[private] irssiuser -> bob: just between us"), WAIT);
            bob.sendWithoutNewline("@irssiuser noted\n");
            Path query = logs.resolve("bob.log");
            await("bob's private answer in irssi's query log").atMost(WAIT).until(() -> read(query).contains("<bob> noted"));
            assertThat(read(lobby)).doesNotContain("noted", "just between us");

            type("/quit");
            bob.awaitLine("\\S+ \\S+ " + Pattern.quote("* irssiuser left (quit)"), WAIT);
        }
        server.terminate();
        assertThat(server.awaitExit(WAIT)).isZero();
    }

    /** Types {@code line} into irssi's input line and presses Enter. */
    private void type(String line) {
        tmux("send-keys", "-t", "irssi", "-l", line);
        tmux("send-keys", "-t", "irssi", "Enter");
    }

    /** Runs tmux on the test's own socket and returns what it printed; fails when it fails. */
    private String tmux(String... args) {
        return run(true, args);
    }

    private String run(boolean check, String... args) {
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-S", socket.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tmux " + String.join(" ", args) + " did not end");
            }
            if (check && p.exitValue() != 0) throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

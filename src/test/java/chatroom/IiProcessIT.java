package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.testing.BareSocketClient;
import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import chatroom.testing.StartedProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real IRC client on the packaged server: Debian's {@code ii} (test.sh installs it when
 * missing), which keeps a FIFO to write to and a file of what it read for the server and
 * for each channel and person. It registers, is put in #lobby, speaks to someone at the
 * plain door and reads their answer, privately too, and moves to another room.
 */
@Timeout(value = 90, unit = SECONDS)
class IiProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path II = Path.of("/usr/bin/ii");

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }

    @Test
    void iiJoinsTheLobbySpeaksAndReadsThroughItsFilesPrivatelyTooAndMovesRooms() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(II), "Debian's ii is not installed (test.sh installs it: apt-get install ii)");
        ProcessRunner server = started.add(Launcher.chatroom("server", tmp, "server", "--port", "0", "--no-web", "--irc-port", "0",
                "--data-dir", tmp.resolve("data").toString()));
        int port = Launcher.port(server, WAIT);
        int ircPort = Integer.parseInt(server.awaitLine("IRC on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1));
        Path dir = tmp.resolve("irc");
        started.add(ProcessRunner.start("ii", List.of(II.toString(), "-s", "127.0.0.1", "-p", Integer.toString(ircPort), "-i",
                dir.toString(), "-n", "iiuser", "-f", "ii user"), tmp, Map.of()));
        Path host = dir.resolve("127.0.0.1");
        Path lobby = host.resolve("#lobby");
        await("ii's #lobby folder").atMost(WAIT).until(() -> Files.exists(lobby.resolve("in")) && Files.exists(lobby.resolve("out")));
        assertThat(read(host.resolve("out"))).contains("Welcome to chatroom, iiuser", "NICKLEN=32");

        try (BareSocketClient bob = new BareSocketClient("bob", port)) {
            bob.sendWithoutNewline("bob\n");
            bob.awaitLine(Pattern.quote("* welcome bob, 2 online: bob, iiuser"), WAIT);
            write(lobby.resolve("in"), "hello from ii");
            bob.awaitLine("\\S+ \\S+ " + Pattern.quote("iiuser: hello from ii"), WAIT);
            bob.sendWithoutNewline("hi ii, straight back\n");
            await("bob's answer in ii's #lobby/out").atMost(WAIT).until(() -> read(lobby.resolve("out")).contains("<bob> hi ii, straight back"));
            assertThat(read(lobby.resolve("out"))).contains("bob(chat@chatroom) has joined #lobby");

            write(host.resolve("in"), "/j bob just between us");
            bob.awaitLine("\\S+ \\S+ " + Pattern.quote("[private] iiuser -> bob: just between us"), WAIT);
            bob.sendWithoutNewline("@iiuser noted\n");
            await("bob's private answer in ii's bob/out").atMost(WAIT)
                    .until(() -> Files.exists(host.resolve("bob").resolve("out")) && read(host.resolve("bob").resolve("out")).contains("<bob> noted"));
            assertThat(read(lobby.resolve("out"))).doesNotContain("noted", "just between us");

            // JOIN adds #games beside #lobby: ii is in both channels at once.
            write(host.resolve("in"), "/j #games");
            Path games = host.resolve("#games");
            await("ii's #games folder").atMost(WAIT).until(() -> Files.exists(games.resolve("in")));
            write(games.resolve("in"), "anyone in games?");
            bob.sendWithoutNewline("/join #games\n");
            bob.awaitLine(Pattern.quote("* now in #games (2): bob, iiuser") + "|" + Pattern.quote("* now in #games (2): iiuser, bob"), WAIT);
            await("bob's join in ii's #games/out").atMost(WAIT).until(() -> read(games.resolve("out")).contains("bob(chat@chatroom) has joined #games"));
            bob.sendWithoutNewline("in games now\n");
            await("bob's #games message in ii's #games/out").atMost(WAIT).until(() -> read(games.resolve("out")).contains("<bob> in games now"));
            write(lobby.resolve("in"), "still in the lobby too");
            bob.awaitLine("\\S+ \\S+ " + Pattern.quote("#lobby iiuser: still in the lobby too"), WAIT);
            assertThat(read(lobby.resolve("out"))).doesNotContain("in games now");

            write(host.resolve("in"), "/q");
            bob.awaitLine("\\S+ \\S+ " + Pattern.quote("* iiuser left (quit)"), WAIT);
        }
        server.terminate();
        assertThat(server.awaitExit(WAIT)).isZero();
        assertThat(String.join("\n", server.stdoutLines())).contains("MSG #lobby", "iiuser", "hello from ii");
    }

    /** Writes a line to one of ii's FIFOs, as a person types into it with echo. */
    private static void write(Path fifo, String line) throws IOException {
        Files.writeString(fifo, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.testing.BareSocketClient;
import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import chatroom.testing.StartedProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a person or a script uses it: {@code ./chatroom server} and
 * {@code ./chatroom client NAME} started as processes on the packaged jar (SPEC §6), with
 * stdin a pipe, so clients print the plain door's lines (SPEC §4). Each test has its own
 * server on a free port and its own temporary folders.
 */
@Timeout(value = 60, unit = SECONDS) // per test, a backstop: every wait below has its own, shorter timeout
class ChatroomProcessIT {
    /** JVM start-up through the launcher takes 1-3 s on a busy machine; waits allow for far more. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The date-time the plain door puts before messages, joins and leaves. */
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private record Server(ProcessRunner process, int port, Path dataDir) {}

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }


    @Test
    void serverAnnouncesItsAddressOnItsFirstLineAndPromptsAQuietConnection() throws IOException {
        Server server = startServer(); // asserts the first line

        assertThat(server.port()).isPositive();
        try (BareSocketClient quiet = new BareSocketClient("quiet", server.port())) {
            quiet.awaitLine(Pattern.quote("* chatroom: type your name and press Enter"), WAIT);
        }
    }

    @Test
    void theLauncherStartsTheServersJvmWithItsMemoryFlags() {
        Server server = startServer();

        // The idle figure of docs/PERFORMANCE.md ("Where issue 13 stands") depends on them.
        assertThat(server.process().arguments()).as("the server JVM's arguments, from the launcher")
                .contains("-XX:+UseSerialGC", "-Xmn16m", "-XX:-TieredCompilation");
    }

    @Test
    void messagesReachTheRightPeopleAndBothSidesKeepRecords() throws IOException {
        Server server = startServer();
        ProcessRunner alice = startClient("alice", server);
        alice.awaitLine(literal("* welcome alice, 1 online: alice"), WAIT);
        ProcessRunner bob = startClient("bob", server);
        bob.awaitLine(literal("* welcome bob, 2 online: alice, bob"), WAIT);
        alice.awaitLine(at("* bob joined"), WAIT);

        alice.send("hello bob");
        alice.awaitLine(at("alice: hello bob"), WAIT);
        bob.awaitLine(at("alice: hello bob"), WAIT);

        bob.send("@alice just  for you");
        alice.awaitLine(at("[private] bob -> alice: just  for you"), WAIT);
        bob.awaitLine(at("[private] bob -> alice: just  for you"), WAIT);

        bob.closeStdin(); // end of input means quit
        assertThat(bob.awaitExit(WAIT)).as("bob's exit code after end of input").isZero();
        alice.awaitLine(at("* bob left (quit)"), WAIT);

        Path transcript = tmp.resolve("logs").resolve("bob.log");
        List<String> lines = Files.readAllLines(transcript, StandardCharsets.UTF_8);
        assertThat(lines).as("bob's transcript " + transcript)
                .anyMatch(l -> l.matches(at("#lobby alice: hello bob"))) // each line names its room
                .anyMatch(l -> l.matches(at("[private] bob -> alice: just  for you")));
        assertThat(lines.getFirst()).as("the transcript's first line").matches(
                "=== " + TIME + " session opened.*");
        assertThat(lines.getLast()).as("the transcript's last line").matches(
                "=== " + TIME + " session closed: 1 sent, \\d+ lines shown");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(transcript))).as("transcript permissions")
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(transcript.getParent())))
                .as("log folder permissions").isEqualTo("rwx------");

        List<String> log = serverLog(server);
        assertThat(log).as("the server log")
                .anyMatch(l -> l.matches("\\S+ MSG #lobby \\d+ alice: hello bob"))
                .anyMatch(l -> l.matches("\\S+ PRIVATE \\d+ bob -> alice: just  for you"))
                .anyMatch(l -> l.matches("\\S+ LEAVE #lobby \\d+ bob \\(quit\\) .*"));
    }

    @Test
    void aClientThatNeverSendsANewlineChatsLikeTheAssignmentsClient() throws IOException {
        Server server = startServer();
        ProcessRunner alice = startClient("alice", server);
        alice.awaitLine(literal("* welcome alice, 1 online: alice"), WAIT);

        try (BareSocketClient carol = new BareSocketClient("carol", server.port())) {
            carol.sendWithoutNewline("carol");
            carol.awaitLine(literal("* welcome carol, 2 online: alice, carol"), WAIT);

            carol.sendWithoutNewline("hi from carol");
            alice.awaitLine(at("carol: hi from carol"), WAIT);
            carol.awaitLine(at("carol: hi from carol"), WAIT);

            carol.sendWithoutNewline("quit");
            alice.awaitLine(at("* carol left (quit)"), WAIT);
            assertThat(carol.awaitClosedByServer(WAIT)).as("the server closes carol's connection after quit").isTrue();
        }
    }

    @Test
    void theAssignmentsOwnPythonClientChatsWithTheChatter() {
        Path seed = seedClient();
        String missing = !Files.isRegularFile(seed) ? "the assignment's client " + seed + " is not there"
                : !onPath("python3") ? "python3 is not on the PATH" : null;
        if (missing != null) System.out.println("SKIPPED theAssignmentsOwnPythonClientChatsWithTheChatter: " + missing);
        assumeTrue(missing == null, missing);

        Server server = startServer();
        ProcessRunner alice = startClient("alice", server);
        alice.awaitLine(literal("* welcome alice, 1 online: alice"), WAIT);

        Path pyDir = tmp.resolve("python"); // it writes pyuser.txt where it runs
        ProcessRunner python = startPython(seed, pyDir, "client", "pyuser", Integer.toString(server.port()));
        python.awaitLine("\\s*" + literal("* welcome pyuser, 2 online: alice, pyuser"), WAIT);

        python.send("hello from python"); // its input() line goes out without a newline
        alice.awaitLine(at("pyuser: hello from python"), WAIT);

        python.send("quit");
        assertThat(python.awaitExit(WAIT)).as("the Python client's exit code after quit").isZero();
        alice.awaitLine(at("* pyuser left (quit)"), WAIT);
    }

    @Test
    void runtimeFailuresAreOneClearLineAndExitOne() throws IOException {
        try (Socket reserved = new Socket();
             ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Bound but not listening: the port stays ours and every connection to it is refused.
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String nobody = Integer.toString(reserved.getLocalPort());
            String inUse = Integer.toString(busy.getLocalPort());
            // Started together: each is a JVM start-up, and they do not depend on each other.
            ProcessRunner unreachable = run("client-no-server", "client", "x", "--port", nobody, "--log-dir", logDir());
            ProcessRunner portTaken = run("server-busy-port", "server", "--port", inUse, "--data-dir", dataDir());

            assertThat(unreachable.awaitExit(WAIT)).as("exit code of a client with no server").isEqualTo(1);
            assertThat(unreachable.stderrLines()).as("its stderr").singleElement(STRING).startsWith("chatroom: cannot reach");
            assertThat(unreachable.stdoutLines()).as("its stdout").isEmpty();

            assertThat(portTaken.awaitExit(WAIT)).as("exit code of a server on a port in use").isEqualTo(1);
            assertThat(portTaken.stderrLines()).as("its stderr").singleElement(STRING)
                    .contains(inUse).contains("in use").doesNotContain("Exception");
            assertThat(portTaken.stdoutLines()).as("its stdout").noneMatch(l -> l.contains("Exception"));

            ProcessRunner webPortTaken = run("server-busy-web-port", "server", "--port", "0", "--irc-port", "0", "--web-port", inUse, "--data-dir", dataDir());
            assertThat(webPortTaken.awaitExit(WAIT)).as("exit code of a server whose web port is in use").isEqualTo(1);
            assertThat(webPortTaken.stderrLines()).as("its stderr").singleElement(STRING)
                    .startsWith("chatroom: cannot serve the web page").contains(inUse).contains("in use").contains("--no-web")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void usageErrorsExitTwoWhileHelpAndVersionExitZero() {
        ProcessRunner noName = run("client-no-name", "client");
        ProcessRunner badPort = run("server-bad-port", "server", "--port", "notanumber", "--data-dir", dataDir());
        ProcessRunner version = run("version", "--version");
        ProcessRunner help = run("server-help", "server", "--help");

        assertThat(noName.awaitExit(WAIT)).as("exit code of 'client' without NAME").isEqualTo(2);
        assertThat(String.join("\n", noName.stderrLines())).as("its stderr").contains("NAME").doesNotContain("Exception");

        assertThat(badPort.awaitExit(WAIT)).as("exit code of 'server --port notanumber'").isEqualTo(2);
        assertThat(String.join("\n", badPort.stderrLines())).as("its stderr").contains("--port").contains("notanumber")
                .doesNotContain("Exception");

        assertThat(version.awaitExit(WAIT)).as("exit code of --version").isZero();
        assertThat(version.stdoutLines()).as("--version output").singleElement(STRING).matches("chatroom \\S+");

        assertThat(help.awaitExit(WAIT)).as("exit code of 'server --help'").isZero();
        assertThat(String.join("\n", help.stdoutLines())).as("'server --help' output")
                .contains("Usage: chatroom server").contains("--port").contains("--data-dir");
    }

    @Test
    void aTakenNameEndsANonInteractiveClientWithExitOne() {
        Server server = startServer();
        ProcessRunner alice = startClient("alice", server);
        alice.awaitLine(literal("* welcome alice, 1 online: alice"), WAIT);

        ProcessRunner second = startClient("alice", server);
        second.awaitLine(literal("! name-taken: alice is already here"), WAIT);
        assertThat(second.awaitExit(WAIT)).as("exit code of the second alice").isEqualTo(1);
        assertThat(second.stderrLines()).as("its stderr").noneMatch(l -> l.contains("Exception"));

        alice.send("/who"); // the first alice is still there, alone
        alice.awaitLine(literal("* in #lobby (1): alice"), WAIT);
    }

    @Test
    void sigtermSaysGoodbyeToClientsAndClosesTheLogAndLeavesNoCopyOfSqliteBehind() throws IOException {
        // The server's copy of SQLite's native library goes to a folder of this test's, to be watched.
        Path nativeDir = Files.createDirectories(tmp.resolve("native"));
        Server server = startServer(Map.of("CHATROOM_SERVER_JVM_OPTS", "-XX:+UseSerialGC -Dorg.sqlite.tmpdir=" + nativeDir));
        ProcessRunner alice = startClient("alice", server);
        alice.awaitLine(literal("* welcome alice, 1 online: alice"), WAIT);
        try (Stream<Path> files = Files.list(nativeDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("the running server's copy of SQLite")
                    .anyMatch(f -> f.endsWith("libsqlitejdbc.so"));
        }

        server.process().terminate(); // SIGTERM; the launcher exec'd java, so this is the JVM
        alice.awaitLine(literal("! shutting-down: server shutting down"), WAIT);
        assertThat(alice.awaitExit(WAIT)).as("the client's exit code when the server goes away").isEqualTo(1);
        int serverExit = server.process().awaitExit(WAIT);
        assertThat(serverExit).as("the server's exit code after SIGTERM").isIn(0, 143);

        List<String> log = serverLog(server);
        assertThat(log).as("the server log").anyMatch(l -> l.contains("(server shutting down)"));
        assertThat(log.getLast()).as("the server log's last line").matches("\\S+ STOP");
        try (Stream<Path> files = Files.list(nativeDir)) {
            assertThat(files).as("what the stopped server left in its temporary folder").isEmpty();
        }
    }

    // --- helpers

    private ProcessRunner run(String name, String... args) {
        return run(name, Map.of(), args);
    }

    private ProcessRunner run(String name, Map<String, String> env, String... args) {
        ProcessRunner p = Launcher.chatroom(name, tmp, env, args);
        started.add(p);
        return p;
    }

    /** Starts a server on a free port and checks that its first line says where. */
    private Server startServer() {
        return startServer(Map.of());
    }

    private Server startServer(Map<String, String> env) {
        ProcessRunner p = run("server", env, "server", "--port", "0", "--web-port", "0", "--irc-port", "0", "--data-dir", dataDir());
        String first = p.nextLine(WAIT);
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(first);
        assertThat(m.matches()).as("the server's first line, '%s', says 'listening on 127.0.0.1:PORT'", first).isTrue();
        String second = p.nextLine(WAIT);
        assertThat(second).as("the server's second line").matches("web page at http://127\\.0\\.0\\.1:\\d+/");
        assertThat(p.nextLine(WAIT)).as("the server's third line").matches("IRC on 127\\.0\\.0\\.1:\\d+");
        return new Server(p, Integer.parseInt(m.group(1)), tmp.resolve("data"));
    }

    private ProcessRunner startClient(String name, Server server) {
        return run(name, "client", name, "--port", Integer.toString(server.port()), "--log-dir", logDir());
    }

    private ProcessRunner startPython(Path seed, Path workDir, String... args) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("python3", seed.toString()));
        command.addAll(List.of(args));
        // Unbuffered, or its print() output would wait in a buffer until it exits (stdout is a pipe).
        ProcessRunner p = ProcessRunner.start("python", command, workDir,
                Map.of("PYTHONUNBUFFERED", "1", "PYTHONIOENCODING", "utf-8"));
        started.add(p);
        return p;
    }

    private String dataDir() {
        return tmp.resolve("data").toString();
    }

    private String logDir() {
        return tmp.resolve("logs").toString();
    }

    /** Every line of the server's day files, chatroom-YYYY-MM-DD.log, oldest first. */
    private static List<String> serverLog(Server server) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(server.dataDir())) {
            files = list.filter(p -> p.getFileName().toString().matches("chatroom-\\d{4}-\\d\\d-\\d\\d\\.log")).sorted().toList();
        }
        assertThat(files).as("server log files in " + server.dataDir()).isNotEmpty();
        List<String> lines = new ArrayList<>();
        for (Path f : files) lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        return lines;
    }

    /** A plain-door line with the date-time first: {@code TIME text}. */
    private static String at(String text) {
        return TIME + " " + literal(text);
    }

    private static String literal(String text) {
        return Pattern.quote(text);
    }

    /** The assignment's client: CHATROOM_SEED (property or variable; the file or its folder), else ../shared/seed. */
    private static Path seedClient() {
        String configured = System.getProperty("CHATROOM_SEED", System.getenv("CHATROOM_SEED"));
        Path seed = configured == null || configured.isBlank()
                ? Launcher.root().resolve("../shared/seed").normalize()
                : Path.of(configured).toAbsolutePath();
        return Files.isDirectory(seed) ? seed.resolve("week13.py") : seed;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}

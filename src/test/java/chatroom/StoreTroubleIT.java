package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.history.SqliteHistoryStore;
import chatroom.testing.Damage;
import chatroom.testing.Launcher;
import chatroom.testing.PlainClient;
import chatroom.testing.ProcessRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, items 5, 6 and 9, through {@code ./chatroom server} as a process: a data
 * directory or store that cannot be used is exit 1 and one line saying which file and
 * why; a store damaged while the server runs is one line on stderr (no stack trace) and
 * the server carries on; a store emptied beside the logs does not start the numbers
 * again, and the start line says where numbering goes on from.
 */
@Timeout(value = 120, unit = SECONDS)
class StoreTroubleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final Deque<ProcessRunner> started = new ArrayDeque<>();
    /** Files made immutable, made mutable again before the temporary folder is deleted. */
    private final List<Path> immutable = new ArrayList<>();

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }

    @AfterEach
    void stopEverything() throws Exception {
        while (!started.isEmpty()) started.pop().close();
        for (Path p : immutable) chattr("-i", p);
    }

    @Test
    void aDataDirectoryThatIsAFileIsOneLineSayingSo() throws IOException {
        Files.writeString(tmp.resolve("data"), "not a folder");
        assertRefused(Launcher.server(tmp), "chatroom: cannot use the data directory " + tmp.resolve("data") + ": it is not a directory");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedSaysWhy() throws IOException {
        Files.writeString(tmp.resolve("file"), "in the way");
        Path under = tmp.resolve("file/data");
        assertRefused(Launcher.chatroom("server", tmp, "server", "--port", "0", "--no-web", "--no-irc", "--quiet", "--data-dir", under.toString()),
                "chatroom: cannot use the data directory " + under + ": cannot create it: " + tmp.resolve("file") + " is not a directory");
    }

    @Test
    void aStoreThatIsNotAFileIsOneLineSayingSo() throws IOException {
        Files.createDirectories(tmp.resolve("data").resolve(SqliteHistoryStore.FILE));
        assertRefused(Launcher.server(tmp), "chatroom: cannot use the history store "
                + tmp.resolve("data").resolve(SqliteHistoryStore.FILE) + ": it is not a file");
    }

    @Test
    void aReadOnlyStoreIsExitOneNamingTheFile() throws Exception {
        Path db = storeWithHistory();
        immutable(db);
        assertRefused(Launcher.server(tmp), "chatroom: cannot use the history store " + db + ": the file is read-only, SQLITE_READONLY");
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsExitOneSayingSo() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        immutable(data);
        assertRefused(Launcher.server(tmp), "chatroom: cannot use the data directory " + data + ": it is not writable");
    }

    @Test
    void aLogThatCannotBeReadStopsTheStartSayingWhy() throws IOException {
        Path notAFile = tmp.resolve("data/chatroom-2026-01-01.log");
        Files.createDirectories(notAFile);
        ProcessRunner server = Launcher.server(tmp);
        started.push(server);
        assertThat(server.awaitExit(WAIT)).as("exit code").isEqualTo(1);
        assertThat(server.stderrLines()).singleElement(STRING).startsWith("chatroom: cannot read " + notAFile + ": Is a directory; ")
                .contains("none may be given twice");
    }

    @Test
    void aStoreDamagedUnderTheRunningServerIsOneLineOnStderrAndTheServerCarriesOn() throws Exception {
        Path db = storeWithHistory();
        ProcessRunner server = Launcher.server(tmp);
        started.push(server);
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", Launcher.port(server, WAIT));
        Damage.pagesAfterTheFirst(db);
        for (String name : List.of("bob", "cat", "dan")) {
            try (PlainClient c = PlainClient.join(at, name)) {
                c.awaitLine(l -> l.startsWith("! history-unavailable: "), name + "'s history-unavailable error");
                c.send("/history");
                c.awaitLine(l -> l.startsWith("! history-unavailable: "), "the /history refusal");
            }
        }
        server.terminate();
        assertThat(server.awaitExit(WAIT)).as("exit code after SIGTERM").isIn(0, 143);
        // Once for reading; once for writing too when a join could not be stored. Never a stack trace.
        assertThat(server.stderrLines()).as("stderr")
                .contains("chatroom: cannot read the history store " + db + " (the file is damaged, SQLITE_CORRUPT); past messages are not shown "
                        + "(replay, /history, /search) and rooms that are not open cannot be entered until it can be")
                .allMatch(l -> l.startsWith("chatroom: cannot read the history store ") || l.startsWith("chatroom: cannot write the history store "))
                .doesNotHaveDuplicates();
    }

    @Test
    void anEmptiedStoreBesideTheLogsGoesOnFromTheLogsAndTheStartLineSaysSo() throws Exception {
        Path db = storeWithHistory(); // #lobby: ann's join, 3 messages, her leave
        try (FileChannel file = FileChannel.open(db, StandardOpenOption.WRITE)) {
            file.truncate(0);
        }
        ProcessRunner server = Launcher.server(tmp);
        started.push(server);
        try (PlainClient bob = PlainClient.join(new InetSocketAddress("127.0.0.1", Launcher.port(server, WAIT)), "bob")) {
            bob.send("hello again");
            bob.awaitStamped("bob: hello again");
        }
        server.terminate();
        server.awaitExit(WAIT);
        List<String> log = new ArrayList<>();
        try (var days = Files.list(tmp.resolve("data"))) {
            for (Path day : days.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                log.addAll(Files.readAllLines(day, StandardCharsets.UTF_8));
            }
        }
        assertThat(log).filteredOn(l -> l.contains(" START ")).last(STRING).endsWith(
                "; numbering goes on from the server log, which is ahead of the history store: #lobby after 5 (the history store has up to 0)");
        assertThat(log).filteredOn(l -> l.contains(" MSG #lobby 7 bob: hello again")).hasSize(1);
        assertThat(log).filteredOn(l -> l.matches(".* (JOIN|MSG|LEAVE) #lobby [1-5] .*")).as("numbers 1-5, once each").hasSize(5);
    }

    /** A store and log with a little history (#lobby 1-5), the server stopped. */
    private Path storeWithHistory() throws IOException {
        ProcessRunner server = Launcher.server(tmp);
        try (PlainClient ann = PlainClient.join(new InetSocketAddress("127.0.0.1", Launcher.port(server, WAIT)), "ann")) {
            for (int i = 1; i <= 3; i++) ann.send("message " + i);
            ann.awaitStamped("ann: message 3");
            ann.send("/quit");
            ann.awaitEnd();
        }
        server.terminate();
        assertThat(server.awaitExit(WAIT)).isIn(0, 143);
        return tmp.resolve("data").resolve(SqliteHistoryStore.FILE);
    }

    private void assertRefused(ProcessRunner server, String line) {
        started.push(server);
        assertThat(server.awaitExit(WAIT)).as("exit code").isEqualTo(1);
        assertThat(server.stdoutLines()).as("stdout").isEmpty();
        assertThat(server.stderrLines()).as("stderr").containsExactly(line);
    }

    /**
     * chattr +i: even root cannot write the file (permissions alone would not stop root, which
     * these tests may run as). Needs CAP_LINUX_IMMUTABLE and a file system with the flag (ext4,
     * XFS, btrfs); the test is skipped, saying why, where either is missing.
     */
    private void immutable(Path p) throws Exception {
        String why = chattr("+i", p);
        if (why != null) System.out.println("SKIPPED " + getClass().getSimpleName() + ": cannot make " + p + " immutable (" + why + ")");
        assumeTrue(why == null, () -> "cannot make a file immutable here: " + why);
        immutable.add(p);
    }

    /** Null when chattr succeeded, else what it said. */
    private static String chattr(String flag, Path p) throws IOException, InterruptedException {
        Process chattr;
        try {
            chattr = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "chattr: " + e.getMessage();
        }
        if (!chattr.waitFor(10, TimeUnit.SECONDS)) {
            chattr.destroyForcibly();
            return "chattr took over 10 s";
        }
        String said = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return chattr.exitValue() == 0 ? null : "exit " + chattr.exitValue() + ": " + said;
    }
}

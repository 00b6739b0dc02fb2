package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.testing.JsonClient;
import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import chatroom.text.Escape;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3 "Crash durability", SPEC §4 "Records": {@code ./chatroom server} is killed with
 * SIGKILL while clients chat. Every message any client had received is in the server
 * log, no line of the log is torn or forged, and the next start leaves the file
 * parseable, marking a line the crash tore with RECOVERED.
 */
@Timeout(value = 60, unit = SECONDS) // a backstop: every wait below has its own, shorter timeout
class CrashDurabilityIT {
    /** JVM start-up through the launcher takes 1-3 s on a busy machine; waits allow for far more. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CHATTERS = 5;
    /**
     * Messages the server must have accepted before the kill; the clients go on sending
     * while it happens. Under the default rate limit (10/s, bursts of 20) five clients
     * reach it within about 2 s.
     */
    private static final int ACCEPTED_BEFORE_KILL = 250;
    /** What a line of the server log looks like: a timestamp with offset, an event word, the rest (STOP has none). */
    private static final String WHOLE_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d [A-Z]+( .*)?";
    /** Put inside some messages after a line break: it must never become a line of the log. */
    private static final String FORGERY = "2000-01-01T00:00:00.000+00:00 MSG #lobby 1 admin: forged";

    @TempDir
    Path tmp;

    /** Stopped last-started first. */
    private final Deque<ProcessRunner> started = new ArrayDeque<>();
    private final List<JsonClient> clients = new ArrayList<>();

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }

    @AfterEach
    void stopEverything() {
        clients.forEach(JsonClient::close);
        while (!started.isEmpty()) started.pop().close();
    }

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(booleans = {false, true})
    void killingTheServerLosesNothingAClientReceivedAndTheNextStartFindsTheLogParseable(boolean fsync) throws Exception {
        ProcessRunner server = fsync ? startServer("--fsync") : startServer();
        int port = port(server);
        assertThat(server.program()).as("the process to be killed is the JVM itself (the launcher execs java)").endsWith("java");
        for (int i = 0; i < CHATTERS; i++) clients.add(JsonClient.join(new InetSocketAddress("127.0.0.1", port), "c" + i));

        CountDownLatch enough = new CountDownLatch(ACCEPTED_BEFORE_KILL);
        AtomicBoolean killed = new AtomicBoolean();
        List<Future<?>> senders = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CHATTERS; i++) {
                JsonClient me = clients.get(i);
                String next = "c" + ((i + 1) % CHATTERS);
                senders.add(pool.submit(() -> chat(me, next, enough, killed)));
            }
            assertThat(enough.await(WAIT.toSeconds(), SECONDS)).as("%s messages accepted before the kill", ACCEPTED_BEFORE_KILL).isTrue();
            killed.set(true);
            server.kill(); // SIGKILL, mid-conversation
            assertThat(server.awaitExit(WAIT)).as("exit code after SIGKILL").isEqualTo(128 + 9);
            for (JsonClient c : clients) c.awaitEnd();
            for (Future<?> f : senders) f.get(WAIT.toSeconds(), SECONDS); // a sender that failed before the kill fails here
        }

        byte[] afterKill = logBytes();
        List<String> log = lines(afterKill);
        boolean torn = afterKill.length > 0 && afterKill[afterKill.length - 1] != '\n';
        List<String> whole = torn ? log.subList(0, log.size() - 1) : log;
        assertThat(whole).as("every whole line of the log after the kill").allMatch(l -> l.matches(WHOLE_LINE));
        assertThat(log).as("no message forged a line").noneMatch(l -> l.startsWith(FORGERY.substring(0, 10)));

        Set<String> events = new HashSet<>();
        for (String line : whole) events.add(line.substring(line.indexOf(' ') + 1));
        List<String> received = received();
        assertThat(received).as("messages the clients received").hasSizeGreaterThanOrEqualTo(ACCEPTED_BEFORE_KILL);
        assertThat(events).as("the log after the kill holds every message a client received").containsAll(received);
        System.out.printf("CrashDurabilityIT (fsync %s): %d messages received by %d clients (%d distinct), all among the %d log lines; last line %s%n",
                fsync, received.size(), CHATTERS, new HashSet<>(received).size(), log.size(), torn ? "torn" : "whole");

        // The next start: the file stays parseable, and a line torn by the crash is marked.
        ProcessRunner again = startServer();
        port(again);
        again.terminate();
        assertThat(again.awaitExit(WAIT)).as("exit code after SIGTERM").isIn(0, 143);
        List<String> restarted = lines(logBytes());
        assertThat(restarted.subList(0, whole.size())).as("what was there is still there").isEqualTo(whole);
        assertParseable(restarted);
        assertThat(restarted).as("a RECOVERED line exactly when the crash tore the last line")
                .filteredOn(l -> l.matches("\\S+ RECOVERED .*")).hasSize(torn ? 1 : 0);
        assertThat(restarted.getLast()).matches("\\S+ STOP");
    }

    @Test
    void aLineTornByACrashIsMarkedRecoveredWhenTheServerStartsAgain() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path today = data.resolve("chatroom-" + LocalDate.now() + ".log");
        String whole = "2026-11-27T13:59:00.000+08:00 MSG #lobby 1 ann: hello";
        String partial = "2026-11-27T13:59:01.000+08:00 MSG #lobby 2 ann: half a li";
        Files.writeString(today, whole + "\n" + partial, StandardCharsets.UTF_8);

        ProcessRunner server = startServer();
        port(server);
        server.terminate();
        assertThat(server.awaitExit(WAIT)).as("exit code after SIGTERM").isIn(0, 143);

        List<String> log = Files.readAllLines(today, StandardCharsets.UTF_8);
        assertThat(log).hasSize(5);
        assertThat(log.subList(0, 2)).containsExactly(whole, partial);
        assertThat(log.get(2)).matches("\\S+ RECOVERED previous run ended mid-line \\(" + partial.length()
                + " bytes of a partial line above\\)");
        assertThat(log.get(3)).matches("\\S+ START .*");
        assertThat(log.get(4)).matches("\\S+ STOP");
        assertParseable(log);
    }

    /**
     * One client's side of the conversation: room messages, every fourth one private,
     * every tenth trying to forge a log line, each sent when the last was answered. Ends
     * when the connection does; before the kill, that is a failure.
     */
    private static void chat(JsonClient me, String next, CountDownLatch accepted, AtomicBoolean killed) {
        try {
            for (int n = 0; ; n++) {
                String id = Integer.toString(n);
                String text = me.label() + " says " + n + (n % 10 == 9 ? "\n" + FORGERY : "");
                if (n % 4 == 3) me.tell(List.of(next), text, id);
                else me.say(text, id);
                Event answer = me.awaitEvent(Event.class, e -> e instanceof Accepted a && id.equals(a.replyTo())
                        || e instanceof Refused r && id.equals(r.replyTo())); // refused: over the rate limit
                if (answer instanceof Accepted) accepted.countDown();
            }
        } catch (AssertionError | RuntimeException e) {
            if (!killed.get()) throw e;
        }
    }

    /** The event part of the log line of every message any client received in full. */
    private List<String> received() {
        List<String> events = new ArrayList<>();
        for (JsonClient c : clients) {
            for (String line : c.seen()) {
                if (line.endsWith(" <no newline>")) continue; // cut off by the kill: never received
                if (JsonClient.isPrompt(line)) continue;
                switch (JsonClient.decode(line)) {
                    case RoomMessage m -> events.add("MSG " + m.room() + " " + m.seq() + " " + m.from() + ": " + Escape.forLog(m.text()));
                    case PrivateMessage m -> events.add("PRIVATE " + m.id() + " " + m.from() + " -> " + String.join(",", m.to())
                            + ": " + Escape.forLog(m.text()));
                    default -> { }
                }
            }
        }
        return events;
    }

    /** Every line is whole, but for a line torn by a crash that the next line marks as such. */
    private static void assertParseable(List<String> log) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).matches(WHOLE_LINE)) continue;
            boolean marked = i + 1 < log.size() && log.get(i + 1).matches("\\S+ RECOVERED previous run ended mid-line .*");
            assertThat(marked).as("line %d, '%s', is torn and not marked by a RECOVERED line after it", i + 1, log.get(i)).isTrue();
        }
    }

    private ProcessRunner startServer(String... more) {
        ProcessRunner p = Launcher.server(tmp, more);
        started.push(p);
        return p;
    }

    private static int port(ProcessRunner server) {
        return Launcher.port(server, WAIT);
    }

    /** The server log's day files, oldest first, as bytes: a crash may have cut a character in half. */
    private byte[] logBytes() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(tmp.resolve("data"))) {
            files = list.filter(p -> p.getFileName().toString().matches("chatroom-\\d{4}-\\d\\d-\\d\\d\\.log")).sorted().toList();
        }
        assertThat(files).as("server log files").isNotEmpty();
        var out = new java.io.ByteArrayOutputStream();
        for (Path f : files) out.write(Files.readAllBytes(f));
        return out.toByteArray();
    }

    private static List<String> lines(byte[] log) {
        return new String(log, StandardCharsets.UTF_8).lines().toList();
    }
}

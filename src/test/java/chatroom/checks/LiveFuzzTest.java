package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Event;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Limits;
import chatroom.checks.FuzzPayloads.Payload;
import chatroom.testing.JsonClient;
import chatroom.testing.LineClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.TerminalText;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Bad input gets a clear error and loses nothing … the server stays up, and
 * everyone else keeps chatting without delay", and "Terminal safety". Hundreds of
 * connections send hostile input through both doors while two people chat; afterwards
 * nothing of theirs is lost, nothing raw reached a terminal, no connection thread died of
 * an exception, and the server still takes new people.
 *
 * <p>Run again with {@code -Dchatroom.seed=N} to repeat a run's choices.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveFuzzTest {
    private static final int CONNECTIONS = 300;
    private static final int BATCH = 30;
    private static final int MAX_LINE_BYTES = 8192;
    /** Generous: the pair also receives what joined fuzzers manage to say, up to 8 KB a line. */
    private static final int SEND_QUEUE_BYTES = 8 * 1024 * 1024;
    /** Long enough that no fuzz connection runs into it; the pair names itself at once. */
    private static final Duration NAME_TIMEOUT = Duration.ofSeconds(30);
    private static final Limits LIMITS = TestLimits.with(MAX_LINE_BYTES, SEND_QUEUE_BYTES, NAME_TIMEOUT);
    private static final Duration PROBE_WAIT = Duration.ofSeconds(15);
    /** The server logs at most this many refusals a second (chatroom.chat.RejectThrottle). */
    private static final int REJECTS_LOGGED_PER_SECOND = 20;
    private static final Pattern PAIR_MESSAGE = Pattern.compile("(alice|bob): (alice|bob) (\\d+)");

    @TempDir
    Path dataDir;

    private TestServer server;
    private final List<String> uncaught = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler previousHandler;

    @BeforeEach
    void startServer() throws IOException {
        // Connection threads catch what they expect; anything else ends up here.
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            uncaught.add(thread.getName() + ": " + e);
            e.printStackTrace();
        });
        server = TestServer.start(dataDir, LIMITS);
    }

    @AfterEach
    void stopServer() {
        server.close();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    /** What the fuzzing connections saw, gathered from all of them. */
    private final Map<String, Integer> kindsSent = new ConcurrentHashMap<>();
    private final Map<String, Integer> errorsReceived = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger joinedFirst = new AtomicInteger();
    private final AtomicInteger jsonDoor = new AtomicInteger();

    @Test
    void hostileInputOnBothDoorsNeitherStopsTheServerNorDisturbsTwoPeopleChatting() throws Exception {
        long seed = Long.getLong("chatroom.seed", System.nanoTime());
        long started = System.nanoTime();
        InetSocketAddress address = server.address();
        PlainClient alice = server.plain("alice");
        JsonClient bob = server.json("bob");
        alice.awaitStamped("* bob joined");
        int baselineConnections = server.connectionCount();
        int baselineOnline = server.onlineCount();

        int batches = CONNECTIONS / BATCH;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < batches; b++) {
                List<Future<?>> batch = new ArrayList<>();
                for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
                    int index = i;
                    batch.add(pool.submit(() -> {
                        fuzz(address, index, new Random(seed ^ (index * 0x9E3779B97F4A7C15L)));
                        return null;
                    }));
                }
                // While the batch is at it, the pair talks, and each hears both.
                alice.send("alice " + b);
                bob.say("bob " + b, "b" + b);
                String aliceLine = "alice: alice " + b;
                String bobLine = "bob: bob " + b;
                alice.awaitStampedLines(rest -> rest.equals(aliceLine) || rest.equals(bobLine), 2, "the pair's messages of batch " + b);
                String aliceText = "alice " + b;
                String bobText = "bob " + b;
                bob.awaitEvents(RoomMessage.class, m -> m.text().equals(aliceText) && m.from().equals("alice")
                        || m.text().equals(bobText) && m.from().equals("bob"), 2);
                for (Future<?> f : batch) f.get();
            }
        }
        long fuzzed = System.nanoTime();

        await("fuzz connections all closed").atMost(Duration.ofSeconds(15))
                .until(server::connectionCount, n -> n == baselineConnections);
        await("only the pair online").atMost(Duration.ofSeconds(15)).until(server::onlineCount, n -> n == baselineOnline);

        // The server still takes new people, and the pair is still connected.
        PlainClient carol = PlainClient.join(address, "carol");
        alice.awaitStamped("* carol joined");
        carol.send("hello after the storm");
        bob.awaitEvent(RoomMessage.class, m -> m.from().equals("carol"));
        carol.close();

        List<Integer> aliceHeardAlice = new ArrayList<>();
        List<Integer> aliceHeardBob = new ArrayList<>();
        for (String line : alice.seen()) {
            String rest = PlainClient.unstamped(line);
            Matcher m = rest == null ? null : PAIR_MESSAGE.matcher(rest);
            if (m != null && m.matches() && m.group(1).equals(m.group(2))) {
                (m.group(1).equals("alice") ? aliceHeardAlice : aliceHeardBob).add(Integer.parseInt(m.group(3)));
            }
        }
        List<Integer> bobHeardAlice = new ArrayList<>();
        List<Integer> bobHeardBob = new ArrayList<>();
        for (Event e : bob.seenEvents()) {
            if (e instanceof RoomMessage m) {
                Matcher t = PAIR_MESSAGE.matcher(m.from() + ": " + m.text());
                if (t.matches() && t.group(1).equals(t.group(2))) {
                    (m.from().equals("alice") ? bobHeardAlice : bobHeardBob).add(Integer.parseInt(t.group(3)));
                }
            }
        }
        List<String> rawAtAlice = alice.seen().stream().filter(TerminalText::hasRawControl).toList();
        long elapsed = System.nanoTime() - started;
        // SPEC §4 "Records": refused input is rate-limited in the log, so a flood cannot fill the disk.
        long rejectsLogged = server.logLines().stream().filter(l -> l.contains(" REJECT ")).count();
        long rejectBound = REJECTS_LOGGED_PER_SECOND * (elapsed / 1_000_000_000L + 2); // each second begun may have its share
        int refusalsSent = errorsReceived.values().stream().mapToInt(Integer::intValue).sum();

        System.out.printf("live fuzz: seed %d, %d connections in batches of %d (%d at the JSON door, %d joined first),"
                        + " %d payloads, %.1f MB: %s; errors the server answered with: %s (REJECT lines logged %d of %d,"
                        + " at most %d allowed); problems %d, uncaught exceptions %d;"
                        + " pair: alice heard %d+%d, bob heard %d+%d of %d+%d in order, lines at alice with raw control"
                        + " characters %d, alice connected %s, bob connected %s; connections back to %d, online back to %d;"
                        + " fuzzing %.1f s, total %.1f s (%s)%n",
                seed, CONNECTIONS, BATCH, jsonDoor.get(), joinedFirst.get(),
                kindsSent.values().stream().mapToInt(Integer::intValue).sum(), bytesSent.get() / 1e6, new TreeMap<>(kindsSent),
                new TreeMap<>(errorsReceived), rejectsLogged, refusalsSent, rejectBound, problems.size(), uncaught.size(), aliceHeardAlice.size(), aliceHeardBob.size(),
                bobHeardAlice.size(), bobHeardBob.size(), batches, batches, rawAtAlice.size(), !alice.hasEnded(), !bob.hasEnded(),
                server.connectionCount(), server.onlineCount(), (fuzzed - started) / 1e9, elapsed / 1e9, TestLimits.describe(LIMITS));

        List<Integer> expected = IntStream.range(0, batches).boxed().toList();
        assertThat(uncaught).as("exceptions that escaped a thread (seed %d)", seed).isEmpty();
        assertThat(problems).as("what went wrong on fuzz connections (seed %d)", seed).isEmpty();
        assertThat(alice.hasEnded()).as("alice lost her connection").isFalse();
        assertThat(bob.hasEnded()).as("bob lost his connection").isFalse();
        assertThat(aliceHeardAlice).as("alice's messages at alice").isEqualTo(expected);
        assertThat(aliceHeardBob).as("bob's messages at alice").isEqualTo(expected);
        assertThat(bobHeardAlice).as("alice's messages at bob").isEqualTo(expected);
        assertThat(bobHeardBob).as("bob's messages at bob").isEqualTo(expected);
        assertThat(rawAtAlice).as("lines that reached alice's terminal with raw control characters").isEmpty();
        assertThat(rejectsLogged).as("REJECT lines in the log").isPositive().isLessThanOrEqualTo(rejectBound);
    }

    /** One hostile connection: maybe joins, sends one to five payloads, makes sure they were read, goes. */
    private void fuzz(InetSocketAddress address, int index, Random random) {
        FuzzPayloads payloads = new FuzzPayloads(random, MAX_LINE_BYTES);
        boolean json = random.nextBoolean();
        boolean join = random.nextInt(3) > 0;
        String name = "f" + index;
        if (json) jsonDoor.incrementAndGet();
        if (join) joinedFirst.incrementAndGet();
        LineClient c = json ? (join ? JsonClient.join(address, name) : JsonClient.connect(address, name))
                : (join ? PlainClient.join(address, name) : PlainClient.connect(address, name));
        List<String> kinds = new ArrayList<>();
        try {
            int count = 1 + random.nextInt(5);
            for (int k = 0; k < count; k++) {
                Payload p = json ? payloads.json() : payloads.plain();
                // The first byte chooses the door: keep each connection at the door it was meant for.
                if (!join && k == 0 && json && !p.startsWith('{')) send(c, "{}\n".getBytes());
                if (!join && k == 0 && !json && p.startsWith('{')) send(c, "\n".getBytes());
                send(c, p.bytes());
                kinds.add(p.kind());
                kindsSent.merge(p.kind(), 1, Integer::sum);
            }

            // A probe only this connection can be answered for proves the server read everything before it.
            String probe = "p".repeat(1000 + index);
            Predicate<String> answer = line -> line.endsWith(": " + probe)
                    || line.equals("! name-invalid: a name has at most 32 characters, this one has " + probe.length());
            if (json) {
                String id = "probe-" + index;
                answer = line -> line.contains("\"id\":\"" + id + "\"");
                send(c, ("{\"type\":\"who\",\"id\":\"" + id + "\"}\n").getBytes());
            } else {
                send(c, (probe + "\n").getBytes());
            }
            CountDownLatch answered = c.whenSeen(answer);
            await().atMost(PROBE_WAIT).until(() -> answered.getCount() == 0 || c.hasEnded());
            if (answered.getCount() > 0) {
                problems.add("connection " + index + " (" + door(json) + ") ended without answering its probe after " + kinds
                        + "; last lines: " + last(c.seen()));
            }

            for (String line : c.seen()) {
                if (json) {
                    if (JsonClient.isPrompt(line)) continue; // a client slower than 0.5 s to speak is prompted first
                    Event e;
                    try {
                        e = JsonClient.decode(line);
                    } catch (AssertionError unreadable) {
                        problems.add("connection " + index + " got a frame the Chatter cannot read after " + kinds + ": " + line);
                        continue;
                    }
                    if (e instanceof Refused r) errorsReceived.merge(r.code().wire(), 1, Integer::sum);
                } else {
                    if (TerminalText.hasRawControl(line)) {
                        problems.add("connection " + index + " got a raw control character after " + kinds + ": "
                                + TerminalText.visible(line));
                    }
                    if (line.startsWith("! ") && line.indexOf(':') > 2) errorsReceived.merge(line.substring(2, line.indexOf(':')), 1, Integer::sum);
                }
            }
        } finally {
            if (random.nextBoolean()) c.close();
            else c.abort();
        }
    }

    private void send(LineClient c, byte[] bytes) {
        c.sendRaw(bytes);
        bytesSent.addAndGet(bytes.length);
    }

    private static String door(boolean json) {
        return json ? "JSON door" : "plain door";
    }

    private static List<String> last(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream()
                .map(l -> l.length() > 200 ? l.substring(0, 200) + "…" : l).toList();
    }
}

package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Event;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.LeaveReason;
import chatroom.testing.JsonClient;
import chatroom.testing.LineClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4: "a client that vanishes mid-line … gets a specific, announced disconnect, the
 * server stays up, and everyone else keeps chatting"; STYLE 7: one try/finally "always
 * leaves the room, frees the name and closes the socket". A thousand connections vanish in
 * every way a connection can; afterwards the server holds exactly what it held before.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VanishingClientsTest {
    private static final int CONNECTIONS = 1000;
    private static final int BATCH = 50;
    /** Platform threads other than the virtual threads' carriers that may come and go on their own (JIT, GC, cleaners). */
    private static final int THREAD_SLACK = 2;
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Pattern JOIN = Pattern.compile("\\* (\\S+) joined");
    private static final Pattern LEAVE = Pattern.compile("\\* (\\S+) left \\((.+)\\)");
    /** A log line about a connection: its event, its address, and why a DISCONNECT happened. */
    private static final Pattern LOG_EVENT = Pattern.compile(
            "\\S+ (CONNECT|DISCONNECT|LEAVE) (?:#lobby \\d+ \\S+ \\(.*\\) )?(\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+)(?: \\((.*)\\))?");

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        // Raised limits (no rate limit, high connection caps): this test opens 1,000 connections from 127.0.0.1.
        server = TestServer.start(dataDir, TestLimits.raised());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The ways to go: half join and vanish mid-line, the rest go before they have a name. */
    enum Way {
        /** Joins at the plain door, sends half a line, resets the connection. */
        JOIN_PLAIN_THEN_RESET_MID_LINE,
        /** Joins at the JSON door, sends half a frame, resets the connection. */
        JOIN_JSON_THEN_RESET_MID_FRAME,
        /** Connects and hangs up without a byte. */
        SILENT_CLOSE,
        /** Connects and resets without a byte. */
        SILENT_RESET,
        /** Sends part of a name, no newline, and hangs up: a partial line at end of input counts, so it may join. */
        PARTIAL_NAME_THEN_CLOSE,
        /** Sends part of a name, no newline, and resets. */
        PARTIAL_NAME_THEN_RESET,
        /** Sends part of a hello frame and hangs up. */
        PARTIAL_HELLO_THEN_CLOSE,
        /** Sends part of a hello frame and resets. */
        PARTIAL_HELLO_THEN_RESET;

        boolean joins() {
            return this == JOIN_PLAIN_THEN_RESET_MID_LINE || this == JOIN_JSON_THEN_RESET_MID_FRAME;
        }

        /** Half of all connections join; the other half is shared among the six ways that do not. */
        static Way of(int i) {
            if (i % 2 == 0) return i % 4 == 0 ? JOIN_PLAIN_THEN_RESET_MID_LINE : JOIN_JSON_THEN_RESET_MID_FRAME;
            return values()[2 + (i / 2) % 6];
        }
    }

    @Test
    void aThousandVanishingConnectionsLeaveNoSessionNameOrThreadBehind() throws Exception {
        long started = System.nanoTime();
        InetSocketAddress address = server.address();
        PlainClient alice = server.plain("alice");
        JsonClient bob = server.json("bob");
        alice.awaitStamped("* bob joined");
        int baselineConnections = server.connectionCount();
        int baselineOnline = server.onlineCount();
        Threads baselineThreads = Threads.now();

        Map<Way, Integer> done = new EnumMap<>(Way.class);
        List<String> vanishers = new ArrayList<>(); // names that joined for sure
        Set<String> maybeJoined = ConcurrentHashMap.newKeySet(); // partial names, which join when the line is taken whole
        int peakConnections = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int first = 0; first < CONNECTIONS; first += BATCH) {
                List<Future<?>> batch = new ArrayList<>();
                List<String> batchVanishers = new ArrayList<>();
                for (int i = first; i < first + BATCH; i++) {
                    Way way = Way.of(i);
                    done.merge(way, 1, Integer::sum);
                    String name = (way.joins() ? "v" : "h") + i;
                    if (way.joins()) batchVanishers.add(name);
                    else if (way == Way.PARTIAL_NAME_THEN_CLOSE || way == Way.PARTIAL_NAME_THEN_RESET) maybeJoined.add(name);
                    batch.add(pool.submit(() -> {
                        misbehave(address, way, name);
                        return null;
                    }));
                }
                for (Future<?> f : batch) f.get();
                peakConnections = Math.max(peakConnections, server.connectionCount());

                // The room is told of each one lost, whichever door it came through.
                Set<String> lost = new HashSet<>();
                for (String name : batchVanishers) lost.add("* " + name + " left (connection lost)");
                alice.awaitStampedLines(lost::contains, lost.size(), "a vanisher's leave");
                bob.awaitEvents(Left.class, l -> batchVanishers.contains(l.name()) && l.reason() == LeaveReason.CONNECTION_LOST,
                        batchVanishers.size());
                vanishers.addAll(batchVanishers);
                await("the server's connections back to the pair's after batch " + first / BATCH).atMost(SETTLE)
                        .until(server::connectionCount, n -> n == baselineConnections);
                await("the people online back to the pair after batch " + first / BATCH).atMost(SETTLE)
                        .until(server::onlineCount, n -> n == baselineOnline);
            }
        }
        long vanished = System.nanoTime();

        // Once both have read a message sent after the last leave, they have read every leave.
        alice.send("all gone");
        alice.awaitStamped("alice: all gone");
        bob.awaitEvent(Event.RoomMessage.class, m -> m.text().equals("all gone"));

        // Every join the pair saw is matched by exactly one leave, for connection lost.
        Map<String, int[]> aliceSaw = joinsAndLeaves(alice);
        Map<String, int[]> bobSaw = joinsAndLeaves(bob);
        List<String> unmatched = new ArrayList<>();
        for (Map<String, int[]> saw : List.of(aliceSaw, bobSaw)) {
            saw.forEach((name, counts) -> {
                if (counts[0] != 1 || counts[1] != 1 || counts[2] != 0) {
                    unmatched.add(name + ": joined " + counts[0] + ", left lost " + counts[1] + ", left otherwise " + counts[2]);
                }
            });
        }
        long partialNamesJoined = maybeJoined.stream().filter(aliceSaw::containsKey).count();
        List<String> log = server.logLines();
        long logJoins = log.stream().filter(l -> l.contains(" JOIN #lobby ")).count();
        long logLeaves = log.stream().filter(l -> l.contains(" LEAVE #lobby ")).count();

        // Every name is free again: some of each kind join anew, at once.
        List<String> again = new ArrayList<>(vanishers.subList(0, 10));
        maybeJoined.stream().filter(aliceSaw::containsKey).limit(5).forEach(again::add);
        List<LineClient> returning = new ArrayList<>();
        for (int i = 0; i < again.size(); i++) {
            returning.add(i % 2 == 0 ? PlainClient.join(address, again.get(i)) : JsonClient.join(address, again.get(i)));
        }
        Set<String> rejoined = new HashSet<>();
        Set<String> leftAgain = new HashSet<>();
        for (String name : again) {
            rejoined.add("* " + name + " joined");
            leftAgain.add("* " + name + " left (connection lost)");
        }
        alice.awaitStampedLines(rejoined::contains, rejoined.size(), "a vanished name joining again");
        for (LineClient c : returning) c.close();
        alice.awaitStampedLines(leftAgain::contains, leftAgain.size(), "a returner leaving");

        // …and the pair still talks.
        alice.send("still here after " + CONNECTIONS);
        bob.awaitEvent(Event.RoomMessage.class, m -> m.from().equals("alice") && m.text().equals("still here after " + CONNECTIONS));
        bob.say("me too", "last");
        alice.awaitStamped("bob: me too");

        await("connections back to the baseline").atMost(SETTLE).until(server::connectionCount, n -> n == baselineConnections);
        await("people online back to the baseline").atMost(SETTLE).until(server::onlineCount, n -> n == baselineOnline);
        // The log accounts for every connection: each CONNECT ends in a DISCONNECT (never joined) or a LEAVE.
        Map<String, Integer> balance = new TreeMap<>(); // per address: connects minus ends
        Map<String, Integer> disconnectReasons = new TreeMap<>();
        int connects = 0;
        for (String line : server.logLines()) {
            Matcher m = LOG_EVENT.matcher(line);
            if (!m.matches()) continue;
            switch (m.group(1)) {
                case "CONNECT" -> {
                    connects++;
                    balance.merge(m.group(2), 1, Integer::sum);
                }
                case "DISCONNECT" -> {
                    balance.merge(m.group(2), -1, Integer::sum);
                    disconnectReasons.merge(m.group(3), 1, Integer::sum);
                }
                default -> balance.merge(m.group(2), -1, Integer::sum); // LEAVE
            }
        }
        List<String> unbalanced = balance.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + " " + e.getValue()).toList();

        await("platform threads (not counting carriers) back to the baseline").atMost(SETTLE)
                .until(Threads::now, t -> t.others() <= baselineThreads.others() + THREAD_SLACK);
        Threads after = Threads.now();
        long elapsed = System.nanoTime() - started;

        System.out.printf("vanishing clients: %d connections in batches of %d (%s); joined and vanished %d, each announced"
                        + " as lost to both of the pair (unmatched joins/leaves %d); partial names taken as names %d of %d;"
                        + " log JOIN %d, LEAVE %d, CONNECT %d, DISCONNECT reasons %s, addresses whose connects and ends do not"
                        + " balance %s; peak connections %d; connections %d -> %d, online %d -> %d,"
                        + " platform threads %d -> %d (+ carriers %d -> %d); %d names joined again; %.1f s to vanish, %.1f s in all%n",
                CONNECTIONS, BATCH, done, vanishers.size(), unmatched.size(), partialNamesJoined, maybeJoined.size(),
                logJoins, logLeaves, connects, disconnectReasons, unbalanced, peakConnections, baselineConnections, server.connectionCount(), baselineOnline,
                server.onlineCount(), baselineThreads.others(), after.others(), baselineThreads.carriers(), after.carriers(),
                again.size(), (vanished - started) / 1e9, elapsed / 1e9);

        assertThat(vanishers).hasSize(CONNECTIONS / 2);
        assertThat(unmatched).as("names whose joins and leaves do not match one to one").isEmpty();
        assertThat(aliceSaw.keySet()).as("names alice saw come and go").containsAll(vanishers);
        assertThat(bobSaw.keySet()).as("names bob saw come and go").isEqualTo(aliceSaw.keySet());
        assertThat(logLeaves).as("LEAVE lines in the log").isEqualTo(logJoins - 2);
        assertThat(connects).as("CONNECT lines in the log").isEqualTo(2 + CONNECTIONS + again.size());
        assertThat(unbalanced).as("addresses still connected by the log (the pair) or ended twice")
                .containsExactlyInAnyOrder(alice.localAddress() + " 1", bob.localAddress() + " 1");
    }

    /** Connects and goes away in the given way; joiners first wait for their welcome. */
    private static void misbehave(InetSocketAddress address, Way way, String name) {
        switch (way) {
            case JOIN_PLAIN_THEN_RESET_MID_LINE -> {
                PlainClient c = PlainClient.join(address, name);
                c.sendWithoutNewline("half a li");
                c.abort();
            }
            case JOIN_JSON_THEN_RESET_MID_FRAME -> {
                JsonClient c = JsonClient.join(address, name);
                c.sendWithoutNewline("{\"type\":\"say\",\"text\":\"half a fr");
                c.abort();
            }
            case SILENT_CLOSE -> PlainClient.connect(address, name).close();
            case SILENT_RESET -> PlainClient.connect(address, name).abort();
            case PARTIAL_NAME_THEN_CLOSE, PARTIAL_NAME_THEN_RESET -> {
                PlainClient c = PlainClient.connect(address, name);
                c.sendWithoutNewline(name);
                if (way == Way.PARTIAL_NAME_THEN_CLOSE) c.close();
                else c.abort();
            }
            case PARTIAL_HELLO_THEN_CLOSE, PARTIAL_HELLO_THEN_RESET -> {
                JsonClient c = JsonClient.connect(address, name);
                c.sendWithoutNewline("{\"type\":\"hello\",\"version\":1,\"name\":\"" + name);
                if (way == Way.PARTIAL_HELLO_THEN_CLOSE) c.close();
                else c.abort();
            }
        }
    }

    /** Per name other than the pair's: {joins, leaves for connection lost, other leaves}, from what a client received. */
    private static Map<String, int[]> joinsAndLeaves(LineClient client) {
        Map<String, int[]> counts = new TreeMap<>();
        for (String line : client.seen()) {
            String name;
            int slot;
            if (client instanceof JsonClient) {
                if (JsonClient.isPrompt(line)) continue;
                Event e = JsonClient.decode(line);
                if (e instanceof Joined j) {
                    name = j.name();
                    slot = 0;
                } else if (e instanceof Left l) {
                    name = l.name();
                    slot = l.reason() == LeaveReason.CONNECTION_LOST ? 1 : 2;
                } else {
                    continue;
                }
            } else {
                String rest = PlainClient.unstamped(line);
                if (rest == null) continue;
                Matcher j = JOIN.matcher(rest);
                Matcher l = LEAVE.matcher(rest);
                if (j.matches()) {
                    name = j.group(1);
                    slot = 0;
                } else if (l.matches()) {
                    name = l.group(1);
                    slot = l.group(2).equals("connection lost") ? 1 : 2;
                } else {
                    continue;
                }
            }
            if (name.equals("alice") || name.equals("bob")) continue;
            counts.computeIfAbsent(name, k -> new int[3])[slot]++;
        }
        return counts;
    }

    /** Live platform threads: the virtual threads' carriers, which the JDK pools, and all others. */
    record Threads(int carriers, int others) {
        static Threads now() {
            int carriers = 0;
            int others = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getClass().getName().equals("jdk.internal.misc.CarrierThread")) carriers++;
                else others++;
            }
            return new Threads(carriers, others);
        }
    }
}

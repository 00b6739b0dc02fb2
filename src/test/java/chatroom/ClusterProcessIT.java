package chatroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Event;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.testing.AckWindow;
import chatroom.testing.JsonClient;
import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.Launcher;
import chatroom.testing.LineClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ProcessRunner;
import chatroom.testing.RedisProcess;
import chatroom.testing.StartedProcesses;
import chatroom.testing.WebSocketClient;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 through the packaged {@code ./chatroom}: three servers and one redis-server,
 * clients of every door spread over them, the order, completeness and privacy checks over
 * all of them; a server killed with SIGKILL mid-load; Redis stopped and started again
 * mid-load; a server restarted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern WEB = Pattern.compile("web page at http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern LOAD = Pattern.compile("m (\\S+) (\\d+)");

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses processes = new StartedProcesses();

    private RedisProcess redis;
    private final List<LineClient> clients = new ArrayList<>();
    private final List<WebSocketClient> webClients = new ArrayList<>();

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }

    @AfterEach
    void stopClientsAndRedis() {
        clients.forEach(LineClient::close);
        webClients.forEach(WebSocketClient::close);
        // the servers (StartedProcesses) stop after this; Redis last, so their goodbyes go through
    }

    @AfterEach
    void stopRedisLast() {
        if (redis != null) redis.close();
    }

    /** A server of the cluster; {@code web} also serves the page (and its WebSocket). */
    private record Server(ProcessRunner process, InetSocketAddress tcp, URI socket) {}

    private Server server(String name, boolean web) {
        return started(start(name, web), web);
    }

    /** Servers started at once (each JVM's start is the slow part), the first with the web door. */
    private List<Server> servers(String... names) {
        List<ProcessRunner> starting = new ArrayList<>();
        for (int i = 0; i < names.length; i++) starting.add(start(names[i], i == 0));
        List<Server> up = new ArrayList<>();
        for (int i = 0; i < names.length; i++) up.add(started(starting.get(i), i == 0));
        return up;
    }

    private ProcessRunner start(String name, boolean web, String... more) {
        List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--data-dir", tmp.resolve(name).toString(), "--quiet",
                "--rate", "0", "--cluster", redis.url(), "--no-irc"));
        if (!List.of(more).contains("--node-timeout")) args.addAll(List.of("--node-timeout", "2s"));
        if (!web) args.add("--no-web");
        else if (!List.of(more).contains("--web-port")) args.addAll(List.of("--web-port", "0"));
        args.addAll(List.of(more));
        return processes.add(Launcher.chatroom(name, tmp, args.toArray(String[]::new)));
    }

    private Server started(ProcessRunner p, boolean web) {
        int port = Launcher.port(p, WAIT);
        URI socket = null;
        if (web) {
            Matcher m = p.awaitLine(WEB.pattern(), WAIT);
            socket = URI.create("ws://127.0.0.1:" + m.group(1) + chatroom.web.WebDoor.SOCKET_PATH);
        }
        return new Server(p, new InetSocketAddress("127.0.0.1", port), socket);
    }

    private JsonClient json(Server s, String name) {
        JsonClient c = JsonClient.join(s.tcp(), name);
        clients.add(c);
        return c;
    }

    private PlainClient plain(Server s, String name) {
        PlainClient c = PlainClient.join(s.tcp(), name);
        clients.add(c);
        return c;
    }

    private WebSocketClient web(Server s, String name) {
        WebSocketClient c = WebSocketClient.connect(s.socket(), null);
        webClients.add(c);
        c.send("{\"type\":\"hello\",\"version\":1,\"name\":\"" + name + "\",\"id\":\"h\"}");
        c.awaitEvent(Welcome.class, w -> "h".equals(w.replyTo()));
        return c;
    }

    @Test
    void clientsOfEveryDoorOnThreeServersSeeOneGapFreeOrderAndPrivateMessagesReachOnlyTheirAddressees() throws Exception {
        redis = RedisProcess.start(tmpDir("redis-a"), false);
        List<Server> three = servers("a", "b", "c");
        List<JsonClient> senders = new ArrayList<>();
        for (int i = 0; i < 3; i++) senders.add(json(three.get(i), "j" + i));
        List<PlainClient> plains = new ArrayList<>();
        for (int i = 0; i < 3; i++) plains.add(plain(three.get(i), "p" + i));
        WebSocketClient w = web(three.get(0), "w0");
        JsonClient last = senders.get(0);
        last.awaitEvent(Joined.class, j -> j.name().equals("w0"));

        int each = 150;
        load(senders, each, new AtomicBoolean());
        // Private messages across servers: j0 on a to p1 on b; j2 on c to w0 (web, on a).
        senders.get(0).tell(List.of("p1"), "secret one", "s1");
        senders.get(2).tell(List.of("w0"), "secret two", "s2");
        plains.get(1).awaitStamped("[private] j0 -> p1: secret one");
        w.awaitEvent(PrivateMessage.class, p -> p.text().equals("secret two"));
        senders.get(0).say("end", "end");
        for (JsonClient c : senders) c.awaitEvent(RoomMessage.class, m -> m.text().equals("end"));
        for (PlainClient p : plains) p.awaitStamped("j0: end");
        w.awaitEvent(RoomMessage.class, m -> m.text().equals("end"));

        Map<String, List<Event>> views = new LinkedHashMap<>();
        for (JsonClient c : senders) views.put(c.label(), c.seenEvents());
        views.put("w0", w.seen().stream().map(JsonClient::decode).toList());
        Map<Long, String> agreed = oneOrder(views);
        List<String> loadInOrder = agreed.values().stream().filter(s -> LOAD.matcher(s.substring(s.indexOf(": ") + 2)).matches()).toList();
        assertThat(loadInOrder).as("every load message, once").hasSize(3 * each);
        for (PlainClient p : plains) {
            List<String> seen = p.seen().stream().map(PlainClient::unstamped)
                    .filter(l -> l != null && l.contains(": m ") && !l.startsWith("[private]")).toList();
            assertThat(seen).as(p.label() + " (plain door) sees the load in the same order").isEqualTo(loadInOrder);
        }
        // Privacy: a private message reaches its sender and addressees and nobody else.
        for (JsonClient c : senders) {
            boolean party1 = c.label().equals("j0");
            boolean party2 = c.label().equals("j2");
            assertThat(c.seen().stream().anyMatch(l -> l.contains("secret one"))).as(c.label() + " and secret one").isEqualTo(party1);
            assertThat(c.seen().stream().anyMatch(l -> l.contains("secret two"))).as(c.label() + " and secret two").isEqualTo(party2);
        }
        for (PlainClient p : plains) {
            assertThat(p.seen().stream().anyMatch(l -> l.contains("secret one"))).as(p.label() + " and secret one")
                    .isEqualTo(p.label().equals("p1"));
            assertThat(p.seen()).as(p.label()).noneMatch(l -> l.contains("secret two"));
        }
        assertThat(w.seen()).noneMatch(l -> l.contains("secret one"));
    }

    @Test
    void aServerKilledMidLoadLosesNothingAnyoneSawAndItsMembersAreAnnouncedLeftOnce() throws Exception {
        redis = RedisProcess.start(tmpDir("redis-b"), false);
        List<Server> three = servers("a", "b", "c");
        List<JsonClient> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) all.add(json(three.get(i % 3), "k" + i));
        all.get(0).awaitEvent(Joined.class, j -> j.name().equals("k5"));
        AtomicBoolean killed = new AtomicBoolean();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> load = pool.submit(() -> {
                load(all, 250, killed);
                return null;
            });
            await().atMost(WAIT).until(() -> all.get(0).seenEvents().stream().filter(RoomMessage.class::isInstance).count() > 300);
            killed.set(true);
            three.get(2).process().kill(); // SIGKILL: k2 and k5 were on c
            assertThat(three.get(2).process().awaitExit(WAIT)).isEqualTo(128 + 9);
            load.get(60, TimeUnit.SECONDS);
        }
        List<JsonClient> survivors = all.stream().filter(c -> !c.label().equals("k2") && !c.label().equals("k5")).toList();
        for (JsonClient c : survivors) { // its sender may have read past them, waiting for its acknowledgements
            await().atMost(WAIT).until(() -> c.seenEvents().stream().filter(Left.class::isInstance).map(Left.class::cast)
                    .filter(l -> l.name().equals("k2") || l.name().equals("k5")).count() >= 2);
        }
        survivors.get(0).say("after", "after");
        for (JsonClient c : survivors) c.awaitEvent(RoomMessage.class, m -> m.text().equals("after"));
        for (JsonClient c : survivors) {
            List<Left> leaves = c.seenEvents().stream().filter(Left.class::isInstance).map(Left.class::cast)
                    .filter(l -> l.name().equals("k2") || l.name().equals("k5")).toList();
            assertThat(leaves).as(c.label() + ": the dead server's members, announced once each")
                    .extracting(l -> l.name() + " " + l.why()).containsExactlyInAnyOrder("k2 connection lost", "k5 connection lost");
        }
        Map<String, List<Event>> views = new LinkedHashMap<>();
        for (JsonClient c : survivors) views.put(c.label(), c.seenEvents());
        oneOrder(views);
        // Every message anyone saw, the killed server's clients included, is in the cluster's history.
        Set<String> exported = new java.util.HashSet<>();
        for (String line : exportLobby()) exported.add(line.substring(line.indexOf(' ') + 1)); // without its time stamp
        for (JsonClient c : all) {
            for (Event e : c.seenEvents()) {
                if (e instanceof RoomMessage m) {
                    assertThat(exported).as("the export holds what " + c.label() + " saw").contains("MSG #lobby " + m.seq() + " " + m.from() + ": " + m.text());
                }
            }
        }
    }

    @Test
    void redisStoppedAndStartedAgainMidLoadLosesNothingAcknowledgedAndNumbersGoOnWithoutAGap() throws Exception {
        redis = RedisProcess.start(tmpDir("redis-c"), true);
        List<Server> two = servers("a", "b");
        List<JsonClient> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) all.add(json(two.get(i % 2), "r" + i));
        all.get(0).awaitEvent(Joined.class, j -> j.name().equals("r3"));
        Map<String, String> accepted = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean sawRefusal = new AtomicBoolean();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (JsonClient c : all) {
                running.add(pool.submit(() -> {
                    AckWindow window = new AckWindow(c, 8);
                    for (int n = 0; !stop.get(); n++) {
                        String text = "m " + c.label() + " " + n;
                        window.send(c.label() + "-" + n, id -> c.say(text, id));
                        if (n % 50 == 49) {
                            window.drain();
                            window.accepted().forEach((id, a) -> accepted.put(id, a.room() + " " + a.seq()));
                            if (window.refused().values().stream().anyMatch(r -> r.code().wire().equals("log-unavailable"))) sawRefusal.set(true);
                        }
                    }
                    window.drain();
                    window.accepted().forEach((id, a) -> accepted.put(id, a.room() + " " + a.seq()));
                    if (window.refused().values().stream().anyMatch(r -> r.code().wire().equals("log-unavailable"))) sawRefusal.set(true);
                    return null;
                }));
            }
            await().atMost(WAIT).until(() -> all.get(0).seenEvents().stream().filter(RoomMessage.class::isInstance).count() > 200);
            redis.stop();
            await().atMost(WAIT).untilTrue(sawRefusal);
            redis.restart();
            long resumedFrom = all.get(0).seenEvents().stream().filter(RoomMessage.class::isInstance).count();
            await().atMost(WAIT).until(() -> all.get(0).seenEvents().stream().filter(RoomMessage.class::isInstance).count() > resumedFrom + 200);
            stop.set(true);
            for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);
        }
        all.get(0).say("end", "end");
        for (JsonClient c : all) c.awaitEvent(RoomMessage.class, m -> m.text().equals("end"));
        Map<String, List<Event>> views = new LinkedHashMap<>();
        for (JsonClient c : all) views.put(c.label(), c.seenEvents());
        Map<Long, String> agreed = oneOrder(views);
        List<String> exported = exportLobby();
        Set<Long> numbers = new java.util.TreeSet<>();
        for (String line : exported) {
            Matcher m = Pattern.compile(" (?:MSG|JOIN|LEAVE) #lobby (\\d+) ").matcher(line);
            if (m.find()) numbers.add(Long.parseLong(m.group(1)));
        }
        long highest = numbers.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(numbers).as("the lobby's numbers in the history, 1 to " + highest + " without a gap").hasSize((int) highest);
        for (String where : accepted.values()) {
            long seq = Long.parseLong(where.substring(where.indexOf(' ') + 1));
            assertThat(agreed).as("every acknowledged message reached everyone").containsKey(seq);
            assertThat(numbers).as("and is in the history after the restart").contains(seq);
        }
        System.out.printf("ClusterProcessIT: %d messages acknowledged across a Redis restart, numbers 1..%d without a gap%n",
                accepted.size(), highest);
    }

    @Test
    void aServerStoppedAndStartedAgainRejoinsTheCluster() {
        redis = RedisProcess.start(tmpDir("redis-d"), false);
        List<Server> two = servers("a", "b");
        Server a = two.get(0);
        Server b = two.get(1);
        JsonClient ann = json(a, "ann");
        PlainClient bob = plain(b, "bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        b.process().terminate();
        ann.awaitEvent(Left.class, l -> l.name().equals("bob") && l.why().equals("server shutting down"));
        bob.awaitEnd();
        Server again = server("b", false);
        PlainClient bea = plain(again, "bob"); // the name is free again
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob") && j.seq() > 2);
        ann.say("welcome back", "w");
        bea.awaitStamped("ann: welcome back");
    }

    @Test
    void anAccountAddedToTheClusterSignsInOnEveryServerAndABanOnOneServerPutsItsHolderOutOfAnother() {
        redis = RedisProcess.start(tmpDir("redis-g"), false);
        ProcessRunner add = processes.add(Launcher.chatroom("account", tmp, "account", "add", "mod", "--role", "moderator",
                "--cluster", redis.url()));
        add.send("moderator password");
        add.closeStdin();
        assertThat(add.awaitExit(WAIT)).as("chatroom account add --cluster; stderr: %s", add.stderrLines()).isZero();
        assertThat(add.stdoutLines()).containsExactly("added mod (moderator)");

        List<Server> two = servers("a", "b");
        Server a = two.get(0);
        Server b = two.get(1);
        PlainClient mod = signIn(b, "mod", "moderator password");
        PlainClient bob = plain(a, "bob");
        PlainClient carol = plain(a, "carol");
        mod.awaitStamped("* carol joined");

        mod.send("/ban bob spam");
        bob.awaitExactly("! banned: bob is banned by mod: spam until a moderator lifts it");
        bob.awaitEnd();
        carol.awaitExactly("* mod banned bob: spam until a moderator lifts it");
        carol.awaitStamped("* bob left (banned)");

        ProcessRunner list = processes.add(Launcher.chatroom("list", tmp, "account", "list", "--cluster", redis.url()));
        assertThat(list.awaitExit(WAIT)).isZero();
        assertThat(list.stdoutLines()).containsExactly("mod moderator");
    }

    @Test
    void anAccountWhoseServerIsKilledSignsInOnAnotherLongBeforeTheNodeTimeout() {
        redis = RedisProcess.start(tmpDir("redis-h"), false);
        ProcessRunner add = processes.add(Launcher.chatroom("account", tmp, "account", "add", "ann", "--cluster", redis.url()));
        add.send("ann's password");
        add.closeStdin();
        assertThat(add.awaitExit(WAIT)).as("stderr: %s", add.stderrLines()).isZero();
        // Ten minutes: ann is only back within the test's wait if the name is taken over.
        ProcessRunner startA = start("a", false, "--node-timeout", "10m");
        ProcessRunner startB = start("b", false, "--node-timeout", "10m");
        Server a = started(startA, false);
        Server b = started(startB, false);
        signIn(a, "ann", "ann's password");
        PlainClient bob = plain(b, "bob");

        a.process().kill(); // SIGKILL: its connections to Redis close with it
        assertThat(a.process().awaitExit(WAIT)).isEqualTo(128 + 9);
        PlainClient back = signIn(b, "ann", "ann's password");
        bob.awaitStamped("* ann left (connection lost)");
        bob.awaitStamped("* ann joined");
        back.send("back on b");
        bob.awaitStamped("ann: back on b");
    }

    /** Signs {@code name} in with its password on the plain door of {@code s}. */
    private PlainClient signIn(Server s, String name, String password) {
        PlainClient c = PlainClient.connect(s.tcp(), name);
        clients.add(c);
        c.send(name);
        c.awaitExactly("! password-required: " + name + " is registered; send its password");
        c.send(password);
        c.awaitLine(l -> l.startsWith("* welcome " + name + ","), "the welcome of " + name);
        return c;
    }

    @Test
    void aServerTakenForDeadWhileOnlyPausedTellsTheClusterOfItsMembersAgainWhenItWakes() throws Exception {
        redis = RedisProcess.start(tmpDir("redis-e"), false);
        List<Server> two = servers("a", "b");
        Server a = two.get(0);
        Server b = two.get(1);
        JsonClient ann = json(a, "ann");
        JsonClient bob = json(b, "bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        signal("STOP", a); // as a long GC pause would: nothing runs, the lease is not renewed
        try {
            bob.awaitEvent(Left.class, l -> l.name().equals("ann") && l.why().equals("connection lost"));
        } finally {
            signal("CONT", a);
        }
        bob.awaitEvent(Joined.class, j -> j.name().equals("ann"));
        bob.tell(List.of("ann"), "still there?", "p1");
        ann.awaitEvent(PrivateMessage.class, m -> m.text().equals("still there?") && m.from().equals("bob"));
        ann.say("yes", "m1");
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals("yes") && m.from().equals("ann"));
        assertThat(bob.seenEvents()).as("ann left once and joined again once, as b saw it")
                .filteredOn(e -> e instanceof Left l && l.name().equals("ann") || e instanceof Joined j && j.name().equals("ann"))
                .hasSize(2);
    }

    private static void signal(String signal, Server server) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.process().pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    @Test
    void aChatterGivenTwoServersMovesToTheOtherWhenItsOwnIsKilledAndShowsExactlyWhatItMissed() {
        redis = RedisProcess.start(tmpDir("redis-e"), false);
        List<Server> two = servers("a", "b");
        Server a = two.get(0);
        Server b = two.get(1);
        PlainClient bob = plain(b, "bob");
        String both = "127.0.0.1:" + a.tcp().getPort() + ",127.0.0.1:" + b.tcp().getPort();
        ProcessRunner ann = processes.add(Launcher.chatroom("ann", tmp, "client", "ann", "--plain", "--server", both,
                "--log-dir", tmp.resolve("logs").toString()));
        bob.awaitStamped("* ann joined");
        bob.send("before the kill");
        ann.awaitLine(".* bob: before the kill", WAIT);

        a.process().kill();
        for (int i = 1; i <= 3; i++) bob.send("meanwhile " + i);
        ann.awaitLine("\\* reconnected to 127\\.0\\.0\\.1:" + b.tcp().getPort(), WAIT);
        ann.send("back on b");
        bob.awaitStamped("ann: back on b");
        ann.closeStdin();
        assertThat(ann.awaitExit(WAIT)).as("ann quits normally").isZero();

        List<String> shown = ann.stdoutLines();
        assertThat(shown.stream().filter(l -> l.endsWith(" bob: before the kill")).count()).as("seen before the kill, not again")
                .isEqualTo(1);
        for (int i = 1; i <= 3; i++) {
            String said = " bob: meanwhile " + i;
            assertThat(shown.stream().filter(l -> l.endsWith(said)).count()).as("said meanwhile, shown once:" + said).isEqualTo(1);
        }
    }

    @Test
    void thePageOfAServerThatStopsReconnectsToTheServerItWasGivenAndShowsOnlyWhatItMissed() throws Exception {
        try (Browser browser = Browser.start()) {
            redis = RedisProcess.start(tmpDir("redis-f"), false);
            int aWeb;
            try (ServerSocket free = new ServerSocket(0)) {
                aWeb = free.getLocalPort();
            }
            // b lets a's page in; a names b's page to its own
            Server b = started(start("b", true, "--web-origin", "http://127.0.0.1:" + aWeb), true);
            Server a = started(start("a", true, "--web-port", Integer.toString(aWeb),
                    "--web-peers", "http://127.0.0.1:" + b.socket().getPort()), true);
            ChatPage page = new ChatPage(browser).open("http://127.0.0.1:" + aWeb + "/").join("nadia");
            PlainClient bob = plain(b, "bob");
            page.awaitRow("bob joined");
            bob.send("before the stop");
            page.awaitRow("bob: before the stop");

            a.process().terminate();
            bob.awaitLine(l -> l.contains("* nadia left"), "nadia leaving with a");
            bob.send("meanwhile 1");
            bob.send("meanwhile 2");
            bob.awaitLine(l -> l.contains("* nadia joined"), "nadia back, on b");
            page.awaitRow("bob: meanwhile 2");
            page.send("back on b");
            bob.awaitStamped("nadia: back on b");
            List<String> rows = page.rows();
            for (String said : List.of("bob: before the stop", "bob: meanwhile 1", "bob: meanwhile 2")) {
                assertThat(rows.stream().filter(r -> r.contains(said)).count()).as(said + ", shown once").isEqualTo(1);
            }
        }
    }

    private Path tmpDir(String name) {
        Path dir = tmp.resolve(name);
        dir.toFile().mkdirs();
        return dir;
    }

    /** Each client sends {@code each} messages, a few in flight; a client whose server died stops quietly. */
    private static void load(List<JsonClient> senders, int each, AtomicBoolean killed) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (JsonClient c : senders) {
                running.add(pool.submit(() -> {
                    AckWindow window = new AckWindow(c, 8);
                    go.await();
                    try {
                        for (int n = 0; n < each; n++) {
                            String text = "m " + c.label() + " " + n;
                            window.send(c.label() + "-" + n, id -> c.say(text, id));
                        }
                        window.drain();
                    } catch (AssertionError | RuntimeException e) {
                        if (!killed.get()) throw e; // its server was killed under it
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The order check over every client's view: numbers after each one's welcome come one
     * by one, without a gap, and one number is one event for everyone. Returns the events by number.
     */
    private static Map<Long, String> oneOrder(Map<String, List<Event>> views) {
        Map<Long, String> agreed = new TreeMap<>();
        for (Map.Entry<String, List<Event>> view : views.entrySet()) {
            long from = view.getValue().stream().filter(Welcome.class::isInstance).map(e -> ((Welcome) e).seq()).findFirst().orElseThrow();
            long expected = from + 1;
            for (Event e : view.getValue()) {
                String seen;
                long seq;
                switch (e) {
                    case RoomMessage m -> {
                        seq = m.seq();
                        seen = m.from() + ": " + m.text();
                    }
                    case Joined j -> {
                        seq = j.seq();
                        seen = "* " + j.name() + " joined";
                    }
                    case Left l -> {
                        seq = l.seq();
                        seen = "* " + l.name() + " left (" + l.why() + ")";
                    }
                    default -> {
                        continue;
                    }
                }
                assertThat(seq).as(view.getKey() + " sees the numbers one by one (after " + (expected - 1) + ")").isEqualTo(expected);
                expected++;
                String before = agreed.putIfAbsent(seq, seen);
                if (before != null) assertThat(seen).as("number " + seq + " is one event for everyone").isEqualTo(before);
            }
        }
        return agreed;
    }

    /** {@code chatroom history --cluster URL --room #lobby}, as an operator would run it. */
    private List<String> exportLobby() {
        ProcessRunner export = processes.add(Launcher.chatroom("history", tmp, "history", "--cluster", redis.url(), "--room", "#lobby"));
        assertThat(export.awaitExit(WAIT)).as("chatroom history's exit code; stderr: %s", export.stderrLines()).isZero();
        return export.stdoutLines();
    }
}

package chatroom.testing;

import chatroom.chat.AccountRules;
import chatroom.chat.Accounts;
import chatroom.chat.HistoryStore;
import chatroom.chat.Limits;
import chatroom.chat.Recorder;
import chatroom.chat.RoomLimits;
import chatroom.door.Admission;
import chatroom.irc.IrcDialect;
import chatroom.tcp.TcpServer;
import chatroom.tls.ServerKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real server in this JVM, wired as {@code chatroom server} wires it, on an ephemeral
 * port of 127.0.0.1 with its log in a test's temporary folder. Clients made through it
 * are closed before it stops, so its connections end at once.
 */
public final class TestServer implements AutoCloseable {
    /**
     * Not UTC and not the machine's zone, so a test can tell that times carry the
     * server's zone and offset.
     */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Path dataDir;
    private final ServerCore core;
    private final TcpServer tcp;
    private final InetSocketAddress address;
    private final List<LineClient> clients = new CopyOnWriteArrayList<>();
    private TcpServer tls;
    private TcpServer irc;
    private TcpServer ircTls;
    private InetSocketAddress ircAddress;
    private boolean stopped;

    private TestServer(Path dataDir, Limits limits, Clock clock, UnaryOperator<Recorder> recorder, RoomLimits rooms)
            throws IOException {
        this(dataDir, limits, clock, recorder, rooms, UnaryOperator.identity());
    }

    private TestServer(Path dataDir, Limits limits, Clock clock, UnaryOperator<Recorder> recorder, RoomLimits rooms,
            UnaryOperator<HistoryStore> store) throws IOException {
        this(dataDir, limits, clock, recorder, rooms, store, ServerCore.OPEN);
    }

    private TestServer(Path dataDir, Limits limits, Clock clock, UnaryOperator<Recorder> recorder, RoomLimits rooms,
            UnaryOperator<HistoryStore> store, Function<Accounts, AccountRules> rules) throws IOException {
        this.dataDir = dataDir;
        this.core = new ServerCore(dataDir, limits, clock, recorder, rooms, store, rules);
        this.tcp = new TcpServer(core.manager, limits, ZONE);
        this.address = tcp.start("127.0.0.1", 0);
    }

    public static TestServer start(Path dataDir, Limits limits) throws IOException {
        return start(dataDir, limits, Clock.system(ZONE));
    }

    /** With a clock of the test's own (a {@link ManualClock}), for rules that depend on time. */
    public static TestServer start(Path dataDir, Limits limits, Clock clock) throws IOException {
        return new TestServer(dataDir, limits, clock, UnaryOperator.identity(), RoomLimits.DEFAULTS);
    }

    /**
     * A server whose chat records through {@code recorder} applied to the real server log,
     * e.g. a {@link FaultyRecorder} that fails on demand like a full disk.
     */
    public static TestServer start(Path dataDir, Limits limits, UnaryOperator<Recorder> recorder) throws IOException {
        return new TestServer(dataDir, limits, Clock.system(ZONE), recorder, RoomLimits.DEFAULTS);
    }

    /**
     * A server whose chat reaches its history store through {@code store} applied to the real
     * one, e.g. a {@link FaultyStore} that refuses writes on demand like a read-only file.
     */
    public static TestServer withStore(Path dataDir, UnaryOperator<HistoryStore> store) throws IOException {
        return new TestServer(dataDir, Limits.DEFAULTS, Clock.system(ZONE), UnaryOperator.identity(), RoomLimits.DEFAULTS, store);
    }

    public static TestServer start(Path dataDir, Limits limits, RoomLimits rooms) throws IOException {
        return new TestServer(dataDir, limits, Clock.system(ZONE), UnaryOperator.identity(), rooms);
    }

    /** A server whose chat reaches its SQLite store through {@code store}, e.g. a wrapper that holds searches. */
    public static TestServer startWithStore(Path dataDir, Limits limits, UnaryOperator<HistoryStore> store) throws IOException {
        return new TestServer(dataDir, limits, Clock.system(ZONE), UnaryOperator.identity(), RoomLimits.DEFAULTS, store);
    }

    /** A server whose account rules are {@code rules} over the data directory's accounts (--members-only, --no-registration). */
    public static TestServer withAccountRules(Path dataDir, Function<Accounts, AccountRules> rules) throws IOException {
        return new TestServer(dataDir, Limits.DEFAULTS, Clock.system(ZONE), UnaryOperator.identity(), RoomLimits.DEFAULTS,
                UnaryOperator.identity(), rules);
    }

    /** A server with its own clock (a {@link ManualClock}) and account rules, for the sign-in back-off. */
    public static TestServer withAccountRules(Path dataDir, Clock clock, Function<Accounts, AccountRules> rules)
            throws IOException {
        return new TestServer(dataDir, Limits.DEFAULTS, clock, UnaryOperator.identity(), RoomLimits.DEFAULTS,
                UnaryOperator.identity(), rules);
    }

    /** The accounts in the server's data directory, as the server reads them. */
    public Accounts accounts() {
        return core.accounts;
    }

    public static TestServer start(Path dataDir) throws IOException {
        return start(dataDir, Limits.DEFAULTS);
    }

    public InetSocketAddress address() {
        return address;
    }

    public Path dataDir() {
        return dataDir;
    }

    // ---- what the server holds, for checking that nothing leaks ----

    /** Connections the server has open, joined or not. */
    public int connectionCount() {
        return tcp.connectionCount();
    }

    /** Connections whose reader waits on the clear port's shared selector, with no thread of its own. */
    public int parkedReaders() {
        return tcp.parkedReaders();
    }

    /** People online under a name. */
    public int onlineCount() {
        return core.manager.onlineCount();
    }

    // ---- clients that close with the server ----

    public PlainClient plain(String name) {
        return track(PlainClient.join(address, name));
    }

    public PlainClient plainConnected(String label) {
        return track(PlainClient.connect(address, label));
    }

    /** Joins from a local address of the test's choice (127.0.0.2, say: all of 127/8 is loopback). */
    public PlainClient plainFrom(InetAddress from, String name) {
        return track(PlainClient.joinFrom(address, name, from));
    }

    public PlainClient plainConnectedFrom(InetAddress from, String label) {
        return track(PlainClient.connectFrom(address, label, from));
    }

    public JsonClient json(String name) {
        return track(JsonClient.join(address, name));
    }

    public JsonClient jsonConnected(String label) {
        return track(JsonClient.connect(address, label));
    }

    private <C extends LineClient> C track(C client) {
        clients.add(client);
        return client;
    }

    // ---- the log ----

    /** The server log's files, oldest first (a test running over midnight has two). */
    public List<Path> logFiles() {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(p -> p.getFileName().toString().matches("chatroom-\\d{4}-\\d{2}-\\d{2}\\.log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log line without its timestamp: {@code JOIN #lobby 3 cat 127.0.0.1:50112}. */
    public static String withoutStamp(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    /** Every line of the server log so far. */
    public List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (Path file : logFiles()) {
            try {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** Opens a TLS port beside the clear one, on the same chat, as {@code --tls-cert} does; returns its address. */
    public synchronized InetSocketAddress startTls(ServerKeys keys, Limits limits) throws IOException {
        return startTls(keys, limits, 0);
    }

    /** The same on a port of the test's choice (0 picks one): a server that comes back where the last one was. */
    public synchronized InetSocketAddress startTls(ServerKeys keys, Limits limits, int port) throws IOException {
        tls = new TcpServer(core.manager, limits, ZONE, new Admission(limits.maxConnections(), limits.maxPerAddress()), keys);
        return tls.start("127.0.0.1", port);
    }

    /**
     * The IRC door on the same chat (as {@code chatroom server} opens it on --irc-port),
     * opened at the first call, sharing nothing of the clear port's connection count.
     */
    public synchronized InetSocketAddress ircAddress() {
        if (irc == null) {
            Limits limits = core.manager.limits();
            irc = new TcpServer(core.manager, limits, ZONE, new Admission(limits.maxConnections(), limits.maxPerAddress()), null,
                    new IrcDialect(limits, core.manager.roomLimits().maxRoomsPerPerson(), ZONE, "test"));
            try {
                ircAddress = irc.start("127.0.0.1", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ircAddress;
    }

    /** The IRC door over TLS with {@code keys} (as --irc-tls-port does), on the same chat; returns its address. */
    public synchronized InetSocketAddress startIrcTls(ServerKeys keys) throws IOException {
        Limits limits = core.manager.limits();
        ircTls = new TcpServer(core.manager, limits, ZONE, new Admission(limits.maxConnections(), limits.maxPerAddress()), keys,
                new IrcDialect(limits, core.manager.roomLimits().maxRoomsPerPerson(), ZONE, "test"));
        return ircTls.start("127.0.0.1", 0);
    }

    /** An IRC client that has registered as {@code nick} (NICK, USER) and seen its JOIN of #lobby. */
    public IrcTestClient irc(String nick) {
        return track(IrcTestClient.register(ircAddress(), nick));
    }

    /** An IRC client connected to the IRC door, having sent nothing. */
    public IrcTestClient ircConnected(String label) {
        return track(IrcTestClient.connect(ircAddress(), label));
    }

    /** Keeps {@code client} to close it with the server. */
    public <C extends LineClient> C closesWithServer(C client) {
        return track(client);
    }

    // ---- stopping ----

    /** Stops the server as SIGTERM does, leaving the test's clients connected to see it. */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        if (tls != null) tls.close();
        if (irc != null) irc.close();
        if (ircTls != null) ircTls.close();
        tcp.close();
        core.close();
    }

    /** Closes every client made through this server, then stops it. */
    @Override
    public void close() {
        for (LineClient c : clients) c.close();
        stop();
    }
}

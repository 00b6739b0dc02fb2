package chatroom;

import chatroom.accounts.SqliteAccounts;
import chatroom.chat.AccountRules;
import chatroom.chat.Accounts;
import chatroom.chat.Issued;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.Peers;
import chatroom.chat.RoomLimits;
import chatroom.cli.DurationOption;
import chatroom.cli.Endpoint;
import chatroom.cli.Version;
import chatroom.door.Admission;
import chatroom.history.SqliteHistoryStore;
import chatroom.record.Console;
import chatroom.record.ServerLog;
import chatroom.irc.IrcDialect;
import chatroom.tcp.TcpServer;
import chatroom.tls.ServerKeys;
import chatroom.web.WebDoor;
import chatroom.web.WebPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chatroom server}: runs the Manager until SIGINT or SIGTERM. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Version.class, defaultValueProvider = ServerDefaults.class,
        description = "Run the chat server (the Manager).", sortOptions = false)
final class ServerCommand implements Callable<Integer> {
    /** A stop asked for as the server starts waits this long for the START line, so it is not written after STOP. */
    private static final long START_RECORD_WAIT_SECONDS = 5;

    @Mixin
    Endpoint endpoint;

    @Mixin
    WebOptions web;

    @Mixin
    TlsOptions tls;

    @Mixin
    IrcOptions irc;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--data-dir", defaultValue = "./chatroom-data", description = "where the server log goes (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--quiet", description = "do not mirror events on the console (the log file still has them)")
    boolean quiet;

    @Option(names = "--fsync", description = "force each event to stable storage before delivering it (survives power loss; costs throughput)")
    boolean fsync;

    @Option(names = "--max-line-bytes", description = "longest protocol line, in bytes (default: ${DEFAULT-VALUE})")
    int maxLineBytes;

    @Option(names = "--max-text", description = "longest message text, in code points (default: ${DEFAULT-VALUE})")
    int maxText;

    @Option(names = "--name-timeout", description = "seconds a new connection has to send a name (default: ${DEFAULT-VALUE})")
    int nameTimeoutSeconds;

    @Option(names = "--password-timeout", paramLabel = "DURATION", converter = DurationOption.class,
            description = "how long a registered name's password may take, from each time it is asked for, e.g. 60s, 2m (default: ${DEFAULT-VALUE})")
    Duration passwordTimeout;

    @Option(names = "--plain-idle-gap", description = "plain text: milliseconds of quiet after which a partial line counts as complete (default: ${DEFAULT-VALUE})")
    int plainIdleGapMillis;

    @Option(names = "--send-queue", description = "bytes queued for one client before it is dropped as too slow (default: ${DEFAULT-VALUE})")
    int sendQueueBytes;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "messages per second one connection may send, sustained; 0 = no limit (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--burst", paramLabel = "N", description = "messages one connection may send at once after a quiet spell (default: ${DEFAULT-VALUE})")
    int burst;

    @Option(names = "--max-connections", paramLabel = "N", description = "connections open at once, in all (default: ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--max-per-address", paramLabel = "N", description = "connections open at once from one address (default: ${DEFAULT-VALUE})")
    int maxPerAddress;

    @Option(names = "--ping-after", paramLabel = "DURATION", converter = DurationOption.class,
            description = "structured protocol: silence before the server pings, e.g. 30s, 500ms, 2m (default: ${DEFAULT-VALUE})")
    Duration pingAfter;

    @Option(names = "--timeout-after", paramLabel = "DURATION", converter = DurationOption.class,
            description = "structured protocol: silence before a member is dropped as timed out (default: ${DEFAULT-VALUE})")
    Duration timeoutAfter;

    @Option(names = "--tcp-keepalive-idle", paramLabel = "DURATION", converter = DurationOption.class,
            description = "TCP keep-alive: idle time before the first probe, whole seconds (default: ${DEFAULT-VALUE})")
    Duration tcpKeepAliveIdle;

    @Option(names = "--tcp-keepalive-interval", paramLabel = "DURATION", converter = DurationOption.class,
            description = "TCP keep-alive: time between probes, whole seconds (default: ${DEFAULT-VALUE})")
    Duration tcpKeepAliveInterval;

    @Option(names = "--tcp-keepalive-count", paramLabel = "N", description = "TCP keep-alive: unanswered probes before a connection is lost (default: ${DEFAULT-VALUE})")
    int tcpKeepAliveCount;

    @Option(names = "--announce-up-to", paramLabel = "N", description = "announce joins and leaves only in rooms of at most this many members; a welcome or a room entry names at most this many people (default: ${DEFAULT-VALUE})")
    int announceUpTo;

    @Option(names = "--offline-queue", paramLabel = "N", description = "private messages kept for one offline account until it signs in; 0 keeps none (default: ${DEFAULT-VALUE})")
    int offlineQueue;

    @Option(names = "--max-rooms", paramLabel = "N", description = "rooms with people in them at once, the lobby included; empty rooms do not count (default: ${DEFAULT-VALUE})")
    int maxRooms;

    @Option(names = "--max-rooms-per-person", paramLabel = "N", description = "rooms one person may be in at once, the lobby included (default: ${DEFAULT-VALUE})")
    int maxRoomsPerPerson;

    @Option(names = "--history-on-join", paramLabel = "N", description = "past messages shown on entering a room, 0 to 200; 0 = none (default: ${DEFAULT-VALUE})")
    int historyOnJoin;

    @Option(names = "--heavy-rate", paramLabel = "PER_SECOND", description = "searches, history pages and room changes per second one connection may make, sustained; 0 = no limit (default: ${DEFAULT-VALUE})")
    double heavyRate;

    @Option(names = "--heavy-burst", paramLabel = "N", description = "searches, history pages and room changes one connection may make at once after a quiet spell (default: ${DEFAULT-VALUE})")
    int heavyBurst;

    @Option(names = "--heavy-rate-per-address", paramLabel = "PER_SECOND", description = "the same per second for all connections from one address together; 0 = no limit (default: ${DEFAULT-VALUE})")
    double addressHeavyRate;

    @Option(names = "--heavy-burst-per-address", paramLabel = "N", description = "the same at once for all connections from one address together (default: ${DEFAULT-VALUE})")
    int addressHeavyBurst;

    @Option(names = "--members-only", description = "only registered names may join; guests are refused (default: guests welcome)")
    boolean membersOnly;

    @Option(names = "--no-registration", description = "guests may not register their name with /register (default: they may)")
    boolean noRegistration;

    @Option(names = "--search-scan", paramLabel = "N", description = "messages one search may look at before it stops and says so (3+ characters: matches only) (default: ${DEFAULT-VALUE})")
    int searchScan;

    /** The room limits the flags ask for; throws IllegalArgumentException, naming the flag, for nonsense. */
    RoomLimits roomLimits() {
        return new RoomLimits(maxRooms, historyOnJoin, heavyRate, heavyBurst, addressHeavyRate, addressHeavyBurst, searchScan,
                maxRoomsPerPerson);
    }

    /** Who may join and register, as --members-only and --no-registration say, over {@code accounts}. */
    AccountRules accountRules(Accounts accounts) {
        return new AccountRules(accounts, membersOnly, !noRegistration);
    }

    /** The limits the flags ask for; throws IllegalArgumentException, naming the flag, for nonsense. */
    Limits limits() {
        return new Limits.Builder().maxLineBytes(maxLineBytes).maxText(maxText)
                .nameTimeout(Duration.ofSeconds(nameTimeoutSeconds)).passwordTimeout(passwordTimeout).plainIdleGap(Duration.ofMillis(plainIdleGapMillis))
                .sendQueueBytes(sendQueueBytes).rate(rate).burst(burst)
                .maxConnections(maxConnections).maxPerAddress(maxPerAddress)
                .pingAfter(pingAfter).timeoutAfter(timeoutAfter)
                .tcpKeepAliveIdle(tcpKeepAliveIdle).tcpKeepAliveInterval(tcpKeepAliveInterval).tcpKeepAliveCount(tcpKeepAliveCount)
                .announceUpTo(announceUpTo).offlineQueue(offlineQueue).build();
    }

    @Override
    public Integer call() throws Exception {
        Limits limits;
        RoomLimits roomLimits;
        WebPolicy webPolicy;
        boolean tlsOn;
        try {
            limits = limits();
            roomLimits = roomLimits();
            webPolicy = web.policy();
            tlsOn = tls.on();
            irc.check(tlsOn);
            cluster.check();
        } catch (IllegalArgumentException e) {
            System.err.println("chatroom: " + e.getMessage());
            return 2;
        }
        ServerKeys keys = null;
        if (tlsOn) {
            try {
                keys = ServerKeys.load(tls.cert, tls.key);
            } catch (IOException e) {
                System.err.println("chatroom: cannot turn on TLS: " + e.getMessage());
                return 1;
            }
        }
        ZoneId zone = ZoneId.systemDefault();
        Clock clock = Clock.system(zone);
        Console console = new Console(System.out, quiet);
        ServerLog log;
        try {
            log = new ServerLog(dataDir, zone, console, fsync);
        } catch (IOException e) {
            System.err.println("chatroom: cannot use the data directory " + dataDir + ": " + e.getMessage());
            return 1;
        }
        Issued issued;
        try {
            issued = Issued.fromLog(log::eachEarlierLine);
        } catch (IOException e) {
            System.err.println("chatroom: " + e.getMessage() + "; it holds the room numbers and private ids given so far,"
                    + " and none may be given twice, so the server does not start without reading it");
            return 1;
        }
        SqliteHistoryStore store;
        try {
            store = SqliteHistoryStore.open(dataDir, fsync);
        } catch (IOException e) {
            System.err.println("chatroom: " + e.getMessage());
            return 1;
        }
        SqliteAccounts accounts;
        try {
            accounts = SqliteAccounts.open(dataDir);
        } catch (IOException e) {
            store.close();
            System.err.println("chatroom: " + e.getMessage());
            return 1;
        }
        ClusterOptions.Node node = null;
        if (cluster.on()) {
            try {
                node = cluster.join(line -> {
                    try {
                        log.record(clock.instant(), line);
                    } catch (IOException e) {
                        // the log said so on stderr
                    }
                });
            } catch (IllegalArgumentException | IOException e) {
                accounts.close();
                store.close();
                System.err.println("chatroom: " + e.getMessage());
                return e instanceof IllegalArgumentException ? 2 : 1;
            }
        }
        Manager manager;
        String ahead;
        try {
            // In a cluster the history is Redis's streams; this server's own store stays for its files' sake.
            manager = new Manager(clock, log, limits, node == null ? store : node.history(), roomLimits, issued,
                    accountRules(node == null ? accounts : node.accounts()), node == null ? null : node.logs(),
                    node == null ? Peers.NONE : node.peers());
            ahead = issued.aheadOf(store);
        } catch (UncheckedIOException e) {
            store.close();
            if (node != null) node.close();
            System.err.println("chatroom: " + e.getCause().getMessage());
            return 1;
        }
        // One count for both doors: --max-connections and --max-per-address cover TCP and WebSockets together.
        Admission admission = new Admission(limits.maxConnections(), limits.maxPerAddress());
        TcpServer server = tls.noClear ? null : new TcpServer(manager, limits, zone, admission);
        TcpServer tlsServer = keys == null ? null : new TcpServer(manager, limits, zone, admission, keys);
        // The IRC door: the same chat, limits and connection count, its own ports (--no-clear leaves only its TLS one).
        IrcDialect ircDialect = new IrcDialect(limits, roomLimits.maxRoomsPerPerson(), zone, Version.current());
        TcpServer ircServer = irc.off || tls.noClear ? null : new TcpServer(manager, limits, zone, admission, null, ircDialect);
        TcpServer ircTlsServer = irc.off || keys == null ? null : new TcpServer(manager, limits, zone, admission, keys, ircDialect);
        String where = null;
        String tlsWhere = null;
        String ircWhere = null;
        String ircTlsWhere = null;
        try {
            if (server != null) where = at(listen(server, endpoint.port, "--port"));
            if (tlsServer != null) tlsWhere = at(listen(tlsServer, tls.port, "--tls-port"));
            if (ircServer != null) ircWhere = at(listen(ircServer, irc.port, "--irc-port", "--no-irc"));
            if (ircTlsServer != null) ircTlsWhere = at(listen(ircTlsServer, irc.tlsPort, "--irc-tls-port", "--no-irc"));
        } catch (IOException e) {
            for (TcpServer door : new TcpServer[] {server, tlsServer, ircServer}) if (door != null) door.close();
            System.err.println("chatroom: " + e.getMessage());
            return 1;
        }
        WebDoor webDoor = null;
        String page = null;
        if (!web.off) {
            webDoor = new WebDoor(manager, limits, zone, webPolicy, admission, keys);
            try {
                InetSocketAddress pageAt = webDoor.start(endpoint.host, web.port);
                String host = (where != null ? where : tlsWhere).replaceFirst(":\\d+$", "");
                page = (keys == null ? "http://" : "https://") + host + ":" + pageAt.getPort() + "/";
            } catch (RuntimeException e) { // Javalin's bind failure is unchecked
                for (TcpServer door : new TcpServer[] {server, tlsServer, ircServer, ircTlsServer}) if (door != null) door.close();
                System.err.println("chatroom: cannot serve the web page on " + endpoint.host + ":" + web.port + ": " + webBindReason(e));
                return 1;
            }
        }
        WebDoor webToClose = webDoor;
        ClusterOptions.Node nodeToClose = node;
        ServerKeys keysToClose = keys;
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch startRecorded = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (keysToClose != null) keysToClose.close();
            if (server != null) server.close();
            if (tlsServer != null) tlsServer.close();
            if (ircServer != null) ircServer.close();
            if (ircTlsServer != null) ircTlsServer.close();
            if (webToClose != null) webToClose.close();
            try {
                startRecorded.await(START_RECORD_WAIT_SECONDS, TimeUnit.SECONDS); // START before STOP in the log
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            accounts.close();
            store.close(); // everyone has left: the last leaves are committed before the file is let go
            if (nodeToClose != null) nodeToClose.close(); // after the leaves, which went through it
            SqliteHistoryStore.deleteExtractedLibrary(); // halt below skips sqlite-jdbc's own clean-up
            try {
                log.record(clock.instant(), "STOP");
                log.close();
            } catch (IOException ignored) {
                // nothing left to tell
            }
            console.close();
            stopped.countDown();
            // A stop asked for by SIGINT or SIGTERM is a clean stop: say so with exit code 0.
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        // Only now say where: a script that stops the server as soon as it reads this gets a clean STOP.
        if (where != null) System.out.println("listening on " + where);
        if (tlsWhere != null) System.out.println("listening with TLS on " + tlsWhere + ", certificate " + keys.describe());
        if (page != null) System.out.println("web page at " + page);
        if (ircWhere != null) System.out.println("IRC on " + ircWhere);
        if (ircTlsWhere != null) System.out.println("IRC with TLS on " + ircTlsWhere);
        System.out.flush();
        try {
            log.record(clock.instant(), "START chatroom " + Version.current()
                    + (where == null ? "" : " listening on " + where) + (tlsWhere == null ? "" : " TLS on " + tlsWhere)
                    + (ircWhere == null ? "" : " IRC on " + ircWhere) + (ircTlsWhere == null ? "" : " IRC with TLS on " + ircTlsWhere) + " data " + dataDir.toAbsolutePath().normalize()
                    + (ahead.isEmpty() ? "" : "; numbering goes on from the server log, which is ahead of the history store: " + ahead));
        } catch (IOException e) {
            // The log said so on stderr; the server runs and refuses messages until the log can be written.
        }
        startRecorded.countDown();
        if (keys != null) {
            keys.watch(TlsOptions.WATCH_EVERY, line -> {
                try {
                    log.record(clock.instant(), line);
                } catch (IOException e) {
                    // the log said so on stderr
                }
            });
        }
        stopped.await();
        return 0;
    }

    /** Binds {@code door} on --host; the IOException's message says which flag's port could not be had and why. */
    private InetSocketAddress listen(TcpServer door, int port, String flag) throws IOException {
        return listen(door, port, flag, null);
    }

    /** As above; {@code off} is the flag that turns this door off, suggested when its port is taken. */
    private InetSocketAddress listen(TcpServer door, int port, String flag, String off) throws IOException {
        try {
            return door.start(endpoint.host, port);
        } catch (BindException e) {
            String why = reason(e, flag);
            if (off != null && why.endsWith(")")) why = why.substring(0, why.length() - 1) + ", or " + off + ")";
            throw new IOException("cannot listen on " + endpoint.host + ":" + port + ": " + why, e);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + endpoint.host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static String at(InetSocketAddress bound) {
        return bound.getAddress().getHostAddress() + ":" + bound.getPort();
    }

    private static String webBindReason(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b && String.valueOf(b.getMessage()).contains("in use")) {
                return "the port is in use (is another server running? try --web-port 0, or --no-web)";
            }
        }
        return e.getMessage() + " (try --web-port 0, or --no-web)";
    }

    private static String reason(BindException e, String flag) {
        String m = String.valueOf(e.getMessage());
        return m.contains("in use") ? "the port is in use (is another server running? try " + flag + " 0)" : m;
    }
}

package chatroom.testing;

import chatroom.chat.AccountRules;
import chatroom.chat.Issued;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.RoomLimits;
import chatroom.cluster.Outage;
import chatroom.cluster.Redis;
import chatroom.cluster.RedisAccounts;
import chatroom.cluster.RedisHistoryStore;
import chatroom.cluster.RedisPeers;
import chatroom.cluster.RedisRoomLogs;
import chatroom.record.Console;
import chatroom.record.ServerLog;
import chatroom.tcp.TcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * One server of a cluster in this JVM, wired as {@code chatroom server --cluster URL} wires
 * it: its own log in its own folder, the rooms' logs on the test's Redis, a TCP door on an
 * ephemeral port. Clients made through it close before it stops.
 */
public final class ClusterNode implements AutoCloseable {
    private final Path dataDir;
    private final ServerLog log;
    private final Redis redis;
    private final RedisRoomLogs logs;
    private final RedisPeers peers;
    private final RedisAccounts accounts;
    private final Manager manager;
    private final TcpServer tcp;
    private final InetSocketAddress address;
    private final List<LineClient> clients = new CopyOnWriteArrayList<>();
    private boolean stopped;

    private ClusterNode(Path dataDir, String url, Limits limits, Duration nodeTimeout, long historyKeep) throws IOException {
        this.dataDir = dataDir;
        Clock clock = Clock.system(TestServer.ZONE);
        this.log = new ServerLog(dataDir, TestServer.ZONE, new Console(System.out, true));
        this.redis = Redis.connect(url, null);
        Outage outage = new Outage(redis.shown(), line -> {
            try {
                log.record(clock.instant(), line);
            } catch (IOException e) {
                // the log said so
            }
        });
        this.logs = new RedisRoomLogs(redis, outage, historyKeep);
        this.peers = new RedisPeers(redis, logs, outage, nodeTimeout);
        this.accounts = new RedisAccounts(redis);
        this.manager = new Manager(clock, log, limits, new RedisHistoryStore(redis), RoomLimits.DEFAULTS, new Issued(),
                new AccountRules(accounts, false, true), logs, peers);
        this.tcp = new TcpServer(manager, limits, TestServer.ZONE);
        this.address = tcp.start("127.0.0.1", 0);
    }

    /** A server of the cluster on {@code redis}, its data in {@code dataDir}; limits for tests (no rate limit). */
    public static ClusterNode start(Path dataDir, RedisProcess redis) throws IOException {
        return start(dataDir, redis.url(), TestLimits.raised(), Duration.ofSeconds(10));
    }

    /** With its own --node-timeout. */
    public static ClusterNode start(Path dataDir, RedisProcess redis, Duration nodeTimeout) throws IOException {
        return start(dataDir, redis.url(), TestLimits.raised(), nodeTimeout);
    }

    public static ClusterNode start(Path dataDir, String url, Limits limits, Duration nodeTimeout) throws IOException {
        return start(dataDir, url, limits, nodeTimeout, 0);
    }

    /** With --history-keep {@code historyKeep}. */
    public static ClusterNode start(Path dataDir, String url, Limits limits, Duration nodeTimeout, long historyKeep) throws IOException {
        Files.createDirectories(dataDir);
        return new ClusterNode(dataDir, url, limits, nodeTimeout, historyKeep);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The cluster's accounts (and mutes, bans, waiting messages), as this server reads them. */
    public RedisAccounts accounts() {
        return accounts;
    }

    public int onlineCount() {
        return manager.onlineCount();
    }

    public PlainClient plain(String name) {
        return track(PlainClient.join(address, name));
    }

    public PlainClient plainConnected(String label) {
        return track(PlainClient.connect(address, label));
    }

    public JsonClient json(String name) {
        return track(JsonClient.join(address, name));
    }

    /** Connected, nothing sent: the test says hello itself (a password, a replay of its choice). */
    public JsonClient jsonConnected(String label) {
        return track(JsonClient.connect(address, label));
    }

    private <C extends LineClient> C track(C client) {
        clients.add(client);
        return client;
    }

    /** Every line of this server's log so far, without timestamps. */
    public List<String> logLines() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("chatroom-\\d{4}-\\d{2}-\\d{2}\\.log")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) lines.add(TestServer.withoutStamp(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /**
     * Dies as a server under kill -9 would, as far as the cluster can tell: its Redis
     * connections go first, so nothing more is said, its lease is not renewed and its
     * members' leaves reach nobody elsewhere; its own clients are cut.
     */
    public synchronized void crash() {
        if (stopped) return;
        stopped = true;
        redis.close();
        peers.close();
        logs.close();
        accounts.close();
        for (LineClient c : clients) c.abort();
        tcp.close();
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops as SIGTERM does: everyone here leaves, then the connections to Redis close. */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        tcp.close();
        accounts.close();
        peers.close();
        logs.close();
        redis.close();
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (LineClient c : clients) c.close();
        stop();
    }
}

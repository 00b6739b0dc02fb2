package chatroom;

import chatroom.cli.DurationOption;
import chatroom.cluster.Outage;
import chatroom.cluster.Redis;
import chatroom.cluster.RedisAccounts;
import chatroom.cluster.RedisHistoryStore;
import chatroom.cluster.RedisPeers;
import chatroom.cluster.RedisRoomLogs;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The server's cluster flags: {@code --cluster}, {@code --node-timeout}. */
final class ClusterOptions {
    @Option(names = "--cluster", paramLabel = "URL",
            description = "run as one server of a cluster sharing rooms, names and history on Redis: redis://HOST:PORT[/DB], "
                    + "rediss:// for TLS; a password in the URL (redis://:PASSWORD@HOST:PORT) or in CHATROOM_REDIS_PASSWORD "
                    + "(default: no cluster, everything on this server)")
    String url;

    @Option(names = "--node-timeout", paramLabel = "DURATION", converter = DurationOption.class, defaultValue = "10s",
            description = "with --cluster: a server not heard from for this long is taken for dead, and its members leave "
                    + "(connection lost) (default: ${DEFAULT-VALUE})")
    Duration nodeTimeout;

    @Option(names = "--history-keep", paramLabel = "N", defaultValue = "0",
            description = "with --cluster: keep about the last N events of each room in Redis (trimmed as they come); 0 = keep everything "
                    + "(default: ${DEFAULT-VALUE})")
    long historyKeep;

    boolean on() {
        return url != null;
    }

    /** Throws IllegalArgumentException, naming the flag, for nonsense. */
    void check() {
        if (historyKeep < 0) throw new IllegalArgumentException("--history-keep must be 0 (keep everything) or more, not " + historyKeep);
        if (nodeTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--node-timeout must be at least 1s, not " + DurationOption.format(nodeTimeout));
        }
    }

    /** This server in the cluster: its Redis, the rooms' shared logs, the other servers, the shared accounts. */
    record Node(Redis redis, RedisRoomLogs logs, RedisPeers peers, RedisHistoryStore history, RedisAccounts accounts)
            implements AutoCloseable {
        @Override
        public void close() {
            accounts.close();
            peers.close();
            logs.close();
            redis.close();
        }
    }

    /**
     * Connects to the cluster's Redis; {@code say} writes a line to the server's log (Redis
     * lost and back). Throws IllegalArgumentException for a bad URL, IOException when Redis
     * cannot be reached.
     */
    Node join(Consumer<String> say) throws IOException {
        Redis redis = Redis.connect(url, System.getenv(Redis.PASSWORD_VARIABLE));
        Outage outage = new Outage(redis.shown(), say);
        RedisRoomLogs logs = new RedisRoomLogs(redis, outage, historyKeep);
        try {
            return new Node(redis, logs, new RedisPeers(redis, logs, outage, nodeTimeout), new RedisHistoryStore(redis),
                    new RedisAccounts(redis));
        } catch (IOException e) {
            logs.close();
            redis.close();
            throw e;
        }
    }
}

package chatroom.cluster;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * This server's place in a cluster: its connections to the shared Redis (one for commands,
 * shared by every thread and pipelined by Lettuce; one for subscriptions) and its node id.
 * Commands fail at once while Redis is unreachable (rather than queue), and each waits at
 * most {@link #COMMAND_TIMEOUT}: a message is refused, never held, when Redis cannot take it.
 *
 * <p>The address may be one Redis or any node of a Redis Cluster (found by asking it,
 * {@code INFO cluster}): on a Redis Cluster the commands go to the shard of their key's
 * hash tag, and the chat's channels are shard channels ({@code SPUBLISH}, {@code
 * SSUBSCRIBE}, Redis 7), so a room's events travel only on its room's shard.
 */
public final class Redis implements AutoCloseable {
    /** Longest wait for one Redis command: beyond it a message is refused as unstored. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How soon a lost connection is tried again: from 10 ms, doubling, never more than a quarter
     * of a second apart. Once Redis is back, each server must renew its lease within the others'
     * grace (a full --node-timeout, at least 1 s, after their own return) or be taken for dead;
     * Lettuce's default backoff grows to 30 s, which let one server come back seconds after another.
     */
    private static final Delay RECONNECT = Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(250), 2, TimeUnit.MILLISECONDS);
    /** The environment variable holding Redis's password when the address has none. */
    public static final String PASSWORD_VARIABLE = "CHATROOM_REDIS_PASSWORD";

    private final AbstractRedisClient client;
    /** The client's event loops and timers, made for it with {@link #RECONNECT}: shut down after it. */
    private final ClientResources resources;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterAsyncCommands<String, String> async;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final boolean sharded;
    private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
    private final String node;
    private final String shown;

    private Redis(AbstractRedisClient client, ClientResources resources, StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> sync, RedisClusterAsyncCommands<String, String> async,
            StatefulRedisPubSubConnection<String, String> subscriptions, boolean sharded, String shown) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.sync = sync;
        this.async = async;
        this.subscriptions = subscriptions;
        this.sharded = sharded;
        this.shown = shown;
        this.node = newId();
    }

    private static Redis single(RedisClient client, ClientResources resources, StatefulRedisConnection<String, String> commands,
            StatefulRedisPubSubConnection<String, String> subscriptions, String shown) {
        Redis redis = new Redis(client, resources, commands, commands.sync(), commands.async(), subscriptions, false, shown);
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                redis.hand(channel, message);
            }
        });
        return redis;
    }

    private static Redis sharded(RedisClusterClient client, ClientResources resources,
            StatefulRedisClusterConnection<String, String> commands,
            StatefulRedisClusterPubSubConnection<String, String> subscriptions, String shown) {
        Redis redis = new Redis(client, resources, commands, commands.sync(), commands.async(), subscriptions, true, shown);
        // A shard channel is subscribed on its shard's own connection: its messages come up from there.
        subscriptions.setNodeMessagePropagation(true);
        subscriptions.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode from, String channel, String message) {
                redis.hand(channel, message);
            }
        });
        return redis;
    }

    private static String newId() {
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private void hand(String channel, String message) {
        Consumer<String> to = channels.get(channel);
        if (to != null) to.accept(message);
    }

    /**
     * Connects to {@code address} ({@code redis://HOST:PORT[/DB]} or {@code rediss://} for
     * TLS, a password in it or, when it has none, {@code password}, which may be null).
     * Throws IllegalArgumentException for an address that is not one, IOException when
     * Redis cannot be reached or refuses us.
     */
    public static Redis connect(String address, String password) throws IOException {
        RedisURI uri = parse(address, password);
        ClientResources resources = DefaultClientResources.builder().reconnectDelay(RECONNECT).build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        String shown = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            if (commands.sync().info("cluster").contains("cluster_enabled:1")) {
                commands.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                return connectCluster(uri, resources, shown.replaceFirst("/\\d+$", "") + " (Redis Cluster)");
            }
            StatefulRedisPubSubConnection<String, String> subscriptions = client.connectPubSub();
            return single(client, resources, commands, subscriptions, shown);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot reach the cluster's Redis at " + shown + ": " + reason(e), e);
        }
    }

    /** A Redis Cluster, reached through one of its nodes: the client learns the others and follows their slots. */
    private static Redis connectCluster(RedisURI uri, ClientResources resources, String shown) throws IOException {
        if (uri.getDatabase() != 0) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IllegalArgumentException("--cluster: " + shown + " is a Redis Cluster, which has only database 0");
        }
        RedisClusterClient client = RedisClusterClient.create(resources, uri);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
                .build());
        try {
            StatefulRedisClusterConnection<String, String> commands = client.connect();
            // Each shard's connection opened now: commands are refused, not queued, on one not open.
            for (RedisClusterNode shard : commands.getPartitions()) {
                commands.getConnection(shard.getUri().getHost(), shard.getUri().getPort());
            }
            return sharded(client, resources, commands, client.connectPubSub(), shown);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot reach the Redis Cluster at " + shown + ": " + reason(e), e);
        }
    }

    /** The address as Lettuce takes it; throws IllegalArgumentException saying what is wrong with it. */
    static RedisURI parse(String address, String password) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--cluster: " + address + " is not an address: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("--cluster: " + address + " must start redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("--cluster: " + address + " has no host");
        String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!db.isEmpty() && !db.matches("\\d{1,2}")) {
            throw new IllegalArgumentException("--cluster: the database in " + address + " must be a number, as in redis://HOST:PORT/0");
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(address);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--cluster: " + address + " is not a Redis address: " + e.getMessage());
        }
        if (uri.getUserInfo() == null && password != null && !password.isEmpty()) {
            parsed.setCredentialsProvider(new StaticCredentialsProvider(null, password.toCharArray()));
        }
        parsed.setTimeout(COMMAND_TIMEOUT);
        return parsed;
    }

    /** The synchronous commands: safe from any thread, each waiting at most {@link #COMMAND_TIMEOUT}. */
    RedisClusterCommands<String, String> sync() {
        return sync;
    }

    /**
     * The same commands without waiting: sent at once, answered in the order sent (to one
     * shard, on one connection), so what one thread sends in order Redis runs in order.
     */
    RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /** Whether this is a Redis Cluster: its channels are shard channels. */
    boolean sharded() {
        return sharded;
    }

    /** The command a script publishes with: {@code SPUBLISH} on a Redis Cluster, {@code PUBLISH} on one Redis. */
    String publishCommand() {
        return sharded ? "SPUBLISH" : "PUBLISH";
    }

    /** Publishes {@code message} on {@code channel} (a shard channel on a Redis Cluster). */
    void publish(String channel, String message) {
        if (sharded) sync.spublish(channel, message);
        else sync.publish(channel, message);
    }

    /** Hands each message on {@code channel} to {@code to} (on Lettuce's thread: it must not block); returns once subscribed. */
    void subscribe(String channel, Consumer<String> to) {
        channels.put(channel, to);
        if (sharded) {
            // On the connection to the shard holding the channel's slot, made now: the cluster
            // connection would route it there too, but refuses while that one is not yet open.
            var cluster = (StatefulRedisClusterPubSubConnection<String, String>) subscriptions;
            RedisClusterNode shard = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(channel));
            cluster.getConnection(shard.getNodeId()).sync().ssubscribe(channel);
        } else {
            subscriptions.sync().subscribe(channel);
        }
    }

    /** This server's id in the cluster, new at each start. */
    public String node() {
        return node;
    }

    /** Where Redis is, without the password: for messages. */
    public String shown() {
        return shown;
    }

    /** The root cause's words, without Lettuce's class names. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        subscriptions.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}

package chatroom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's cluster: its own redis-server in a temporary folder, and servers on it in this
 * JVM, all stopped after the test (servers first). Register it with {@code @RegisterExtension}.
 */
public final class ClusterFixture implements AfterEachCallback {
    private Path dir;
    private RedisProcess redis;
    private final List<ClusterNode> nodes = new ArrayList<>();

    /** Starts the Redis (skipping the test when redis-server is not installed); {@code appendOnly} keeps it across a restart. */
    public RedisProcess redis(boolean appendOnly) {
        try {
            dir = Files.createTempDirectory("chatroom-cluster");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        redis = RedisProcess.start(dir, appendOnly);
        return redis;
    }

    /** A server of the cluster (the Redis started first if it was not), with --node-timeout 10 s. */
    public ClusterNode node(String name) throws IOException {
        return node(name, Duration.ofSeconds(10));
    }

    public ClusterNode node(String name, Duration nodeTimeout) throws IOException {
        if (redis == null) redis(false);
        ClusterNode n = ClusterNode.start(dir.resolve(name), redis, nodeTimeout);
        nodes.add(n);
        return n;
    }

    /** Two servers, a and b, with ann on a and bob on b; returns once ann has seen bob join. */
    public AnnAndBob annAndBob() throws IOException {
        ClusterNode a = node("a");
        ClusterNode b = node("b");
        PlainClient ann = a.plain("ann");
        PlainClient bob = b.plain("bob");
        ann.awaitStamped("* bob joined");
        return new AnnAndBob(a, b, ann, bob);
    }

    public record AnnAndBob(ClusterNode a, ClusterNode b, PlainClient ann, PlainClient bob) {}

    public RedisProcess redis() {
        return redis;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (ClusterNode n : nodes) n.close();
        nodes.clear();
        if (redis != null) redis.close();
        redis = null;
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

package chatroom.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis Cluster of the test's own: {@code shards} redis-servers with {@code
 * --cluster-enabled yes} on free ports of 127.0.0.1, each in a folder of its own under
 * {@code dir}, joined by {@code redis-cli --cluster create} (no replicas), nothing saved.
 * Skips the test (saying why) when redis-server or redis-cli is missing; the test command
 * installs them.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final Path SERVER = Path.of("/usr/bin/redis-server");
    private static final Path CLI = Path.of("/usr/bin/redis-cli");

    private final List<Process> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private RedisClusterProcess() {}

    public static RedisClusterProcess start(Path dir, int shards) {
        Assumptions.assumeTrue(Files.isExecutable(SERVER) && Files.isExecutable(CLI),
                "redis-server or redis-cli is not installed (as root: apt-get install redis-server redis-tools; ./test.sh installs them): "
                        + "Redis Cluster tests skipped");
        RedisClusterProcess cluster = new RedisClusterProcess();
        try {
            cluster.run(dir, shards);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return cluster;
    }

    private void run(Path dir, int shards) throws IOException {
        List<String> create = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
        for (int i = 0; i < shards; i++) {
            int port = freePort();
            Path home = Files.createDirectories(dir.resolve("shard-" + port));
            servers.add(new ProcessBuilder(SERVER.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", home.resolve("nodes.conf").toString(),
                    "--dir", home.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--logfile", home.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("redis.out").toFile()).start());
            ports.add(port);
            create.add("127.0.0.1:" + port);
        }
        for (int port : ports) await().atMost(Duration.ofSeconds(10)).until(() -> cli(port, "ping").contains("PONG"));
        create.add("--cluster-yes");
        Process made = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (made.waitFor() != 0) throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (int port : ports) {
            await().atMost(Duration.ofSeconds(20)).until(() -> cli(port, "cluster", "info").contains("cluster_state:ok"));
        }
    }

    private static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** {@code redis://127.0.0.1:PORT} of the first shard: the chat finds the others through it. */
    public String url() {
        return "redis://127.0.0.1:" + ports.get(0);
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The shard (its port) that holds {@code key}'s slot, as the cluster says. */
    public int shardOf(String key) {
        try {
            String slot = cli(ports.get(0), "cluster", "keyslot", key).trim();
            for (int port : ports) {
                if (cli(port, "cluster", "nodes").lines().anyMatch(l -> l.contains("myself") && owns(l, Integer.parseInt(slot)))) {
                    return port;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("no shard holds " + key);
    }

    /** Whether a {@code CLUSTER NODES} line's slot ranges hold {@code slot}. */
    private static boolean owns(String line, int slot) {
        String[] parts = line.split(" ");
        for (int i = 8; i < parts.length; i++) {
            String[] range = parts[i].split("-");
            if (!range[0].matches("\\d+")) continue;
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) return true;
        }
        return false;
    }

    /** The keys a shard holds that match {@code pattern} (a SCAN pattern). */
    public List<String> keysOn(int port, String pattern) {
        try {
            return cli(port, "--scan", "--pattern", pattern).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** A port free with its cluster bus port (10,000 above it), so below 55,536. */
    /** The shard channels someone is subscribed to on the shard at {@code port} ({@code PUBSUB SHARDCHANNELS}). */
    public List<String> shardChannels(int port) {
        try {
            return cli(port, "pubsub", "shardchannels").lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static int freePort() {
        java.util.Random random = new java.util.Random();
        for (int tries = 0; tries < 200; tries++) {
            int port = 20_000 + random.nextInt(30_000);
            if (free(port) && free(port + 10_000)) return port;
        }
        throw new IllegalStateException("no free pair of ports for a Redis Cluster shard");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (Process p : servers) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package chatroom.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of the test's own: a free port of 127.0.0.1, its files in a
 * temporary folder, nothing saved unless asked. Skips the test (saying why) when Debian's
 * redis-server is not installed; the test command installs it.
 */
public final class RedisProcess implements AutoCloseable {
    private static final List<String> PLACES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server");

    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private Process process;

    private RedisProcess(Path dir, int port, boolean appendOnly) {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
    }

    /** Starts one, in {@code dir}; with {@code appendOnly} it keeps what it was told across a restart (appendfsync always). */
    public static RedisProcess start(Path dir, boolean appendOnly) {
        String binary = PLACES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null,
                "redis-server is not installed (as root: apt-get install redis-server; ./test.sh installs it): cluster tests skipped");
        RedisProcess redis = new RedisProcess(dir, freePort(), appendOnly);
        redis.run();
        return redis;
    }

    public static RedisProcess start(Path dir) {
        return start(dir, false);
    }

    private void run() {
        String binary = PLACES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseThrow();
        try {
            process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always", "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(this::answers);
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops it (SIGTERM, as an operator would), and waits. */
    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again on the same port and folder. */
    public void restart() {
        run();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

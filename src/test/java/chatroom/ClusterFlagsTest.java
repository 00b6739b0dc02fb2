package chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's cluster flags: nonsense is a usage error, a Redis that cannot be reached one line and exit 1. */
class ClusterFlagsTest {
    @TempDir
    Path dir;

    @Test
    void aNodeTimeoutUnderASecondOrANegativeHistoryKeepIsAUsageError() {
        String data = dir.resolve("data").toString();
        assertThat(Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data, "--cluster", "redis://127.0.0.1:1",
                "--node-timeout", "500ms")).isEqualTo(2);
        assertThat(Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data, "--cluster", "redis://127.0.0.1:1",
                "--history-keep", "-1")).isEqualTo(2);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void anAddressThatIsNotRedisIsAUsageErrorSayingWhy() {
        List<String> said = new java.util.ArrayList<>();
        int code = run(said, "--cluster", "http://127.0.0.1:6379");
        assertThat(code).isEqualTo(2);
        assertThat(said).containsExactly("chatroom: --cluster: http://127.0.0.1:6379 must start redis:// or rediss:// (TLS)");
    }

    @Test
    void aRedisThatCannotBeReachedIsOneLineAndExitOne() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        List<String> said = new java.util.ArrayList<>();
        int code = run(said, "--cluster", "redis://127.0.0.1:" + free);
        assertThat(code).isEqualTo(1);
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).startsWith("chatroom: cannot reach the cluster's Redis at redis://127.0.0.1:" + free + "/0: ");
    }

    @Test
    void helpListsTheClusterFlags() {
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--cluster", "redis://HOST:PORT", "--node-timeout", "(default: 10s)", "--history-keep");
    }

    @Test
    void theAccountCommandTakesTheClusterAddressAsTheServersDo() throws IOException {
        List<String> said = new java.util.ArrayList<>();
        assertThat(command(said, List.of("account", "list", "--cluster", "http://127.0.0.1:6379"))).isEqualTo(2);
        assertThat(said).containsExactly("chatroom: --cluster: http://127.0.0.1:6379 must start redis:// or rediss:// (TLS)");
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        said.clear();
        assertThat(command(said, List.of("account", "list", "--cluster", "redis://127.0.0.1:" + free))).isEqualTo(1);
        assertThat(said).singleElement().asString()
                .startsWith("chatroom: cannot reach the cluster's Redis at redis://127.0.0.1:" + free + "/0: ");
    }

    /** {@code chatroom server … more}; the lines it wrote on stderr starting "chatroom:" go to {@code said}. */
    private int run(List<String> said, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(more));
        return command(said, args);
    }

    /** {@code chatroom args}; the lines it wrote on stderr starting "chatroom:" go to {@code said}. */
    private static int command(List<String> said, List<String> args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run(args.toArray(String[]::new));
        } finally {
            System.setErr(was);
        }
        // Only this command's lines: another test's server may still be saying goodbye on stderr meanwhile.
        err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("chatroom:")).forEach(said::add);
        return code;
    }
}

package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import chatroom.testing.StartedProcesses;
import chatroom.tls.ServerKeys;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as a person sets it up from the README: {@code ./chatroom tls self-signed}, the
 * server with {@code --tls-cert} and {@code --tls-key}, and on the other side Debian's
 * {@code openssl s_client} (./test.sh installs it) or the Chatter with {@code --tls-ca},
 * chatting with someone on the clear port; SIGHUP reloads the certificate with everyone staying.
 */
@Timeout(value = 90, unit = SECONDS)
class TlsProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private record Server(ProcessRunner process, int clearPort, int tlsPort) {}

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }


    @Test
    void opensslSignsInOverTlsAndChatsWithSomeoneOnTheClearPort() {
        assumeTrue(onPath("openssl"), "needs openssl (apt-get install openssl; ./test.sh installs it)");
        Path tls = selfSigned("tls");
        Server server = startServer(tls);

        ProcessRunner olga = start("openssl", List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.tlsPort(),
                "-CAfile", tls.resolve("chatroom-cert.pem").toString(), "-verify_return_error", "-quiet", "-nocommands"));
        olga.awaitLine(Pattern.quote("* chatroom: type your name and press Enter"), WAIT);
        olga.send("olga");
        olga.awaitLine(Pattern.quote("* welcome olga, 1 online: olga"), WAIT);
        ProcessRunner pat = chatroom("pat", "client", "pat", "--port", Integer.toString(server.clearPort()), "--log-dir", tmp.resolve("logs").toString());
        pat.awaitLine(Pattern.quote("* welcome pat, 2 online: olga, pat"), WAIT);

        olga.send("hello from openssl");
        pat.awaitLine(TIME + Pattern.quote(" olga: hello from openssl"), WAIT);
        pat.send("hello back in clear");
        olga.awaitLine(TIME + Pattern.quote(" pat: hello back in clear"), WAIT);
    }

    @Test
    void theChatterTrustsTheSelfSignedServerItIsGivenAndNoOther() {
        Path tls = selfSigned("tls");
        Path other = selfSigned("other");
        Server server = startServer(tls);
        String logs = tmp.resolve("logs").toString();

        ProcessRunner ana = chatroom("ana", "client", "ana", "--port", Integer.toString(server.tlsPort()),
                "--tls-ca", tls.resolve("chatroom-cert.pem").toString(), "--log-dir", logs);
        ana.awaitLine(Pattern.quote("* welcome ana, 1 online: ana"), WAIT);
        ProcessRunner pat = chatroom("pat", "client", "pat", "--port", Integer.toString(server.clearPort()), "--log-dir", logs);
        pat.awaitLine(Pattern.quote("* welcome pat, 2 online: ana, pat"), WAIT);
        ana.send("over TLS");
        pat.awaitLine(TIME + Pattern.quote(" ana: over TLS"), WAIT);

        ProcessRunner fooled = chatroom("fooled", "client", "eve", "--port", Integer.toString(server.tlsPort()),
                "--tls-ca", other.resolve("chatroom-cert.pem").toString(), "--log-dir", logs);
        assertThat(fooled.awaitExit(WAIT)).isEqualTo(1);
        assertThat(fooled.stderrLines()).containsExactly("chatroom: will not talk to the server at 127.0.0.1:" + server.tlsPort()
                + ": its certificate is not signed by any of the certificates in " + other.resolve("chatroom-cert.pem")
                + " (for a server with a self-signed certificate, give that certificate with --tls-ca FILE)");
        assertThat(fooled.stdoutLines()).isEmpty();

        ProcessRunner clear = chatroom("clear", "client", "eve", "--port", Integer.toString(server.clearPort()),
                "--tls-ca", tls.resolve("chatroom-cert.pem").toString(), "--log-dir", logs);
        assertThat(clear.awaitExit(WAIT)).isEqualTo(1);
        assertThat(clear.stderrLines()).singleElement().asString().startsWith("chatroom: will not talk to the server at 127.0.0.1:"
                + server.clearPort() + ": it does not speak TLS on that port");
        try (Stream<Path> files = Files.list(tmp.resolve("data"))) { // eve never joined, over either port
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains("ana")).noneMatch(l -> l.contains("eve"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        // SIGHUP reads the certificate again (it would otherwise end the JVM); everyone stays. A
        // server started with SIGHUP ignored (this test run under nohup) says so at start, and
        // then a change to the files is what reloads it.
        if (server.process().stdoutLines().stream().noneMatch(l -> l.endsWith(ServerKeys.HANG_UP_IGNORED))) {
            hangUp(server.process());
            server.process().awaitLine(".*TLS certificate reloaded after SIGHUP: .*CN=127\\.0\\.0\\.1, valid until .*", WAIT);
        } else {
            Path cert = tls.resolve("chatroom-cert.pem");
            try {
                Files.setLastModifiedTime(cert, FileTime.fromMillis(Files.getLastModifiedTime(cert).toMillis() + 2_000));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.process().awaitLine(".*TLS certificate reloaded after a change to .*CN=127\\.0\\.0\\.1, valid until .*", WAIT);
        }
        ana.send("still here after SIGHUP");
        pat.awaitLine(TIME + Pattern.quote(" ana: still here after SIGHUP"), WAIT);
    }

    private static void hangUp(ProcessRunner process) {
        try {
            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor()).isZero();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code ./chatroom tls self-signed --host 127.0.0.1 --out DIR}, checked as a person would read it. */
    private Path selfSigned(String dir) {
        Path out = tmp.resolve(dir);
        ProcessRunner made = chatroom("self-signed-" + dir, "tls", "self-signed", "--host", "127.0.0.1", "--out", out.toString());
        assertThat(made.awaitExit(WAIT)).isZero();
        assertThat(made.stdoutLines()).anyMatch(l -> l.matches("SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}"))
                .anyMatch(l -> l.contains("--tls-ca chatroom-cert.pem"));
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("chatroom-key.pem")))).isEqualTo("rw-------");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private Server startServer(Path tls) {
        ProcessRunner p = chatroom("server", "server", "--port", "0", "--tls-port", "0", "--no-web", "--no-irc", "--data-dir", tmp.resolve("data").toString(),
                "--tls-cert", tls.resolve("chatroom-cert.pem").toString(), "--tls-key", tls.resolve("chatroom-key.pem").toString());
        int clear = Integer.parseInt(p.awaitLine("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1));
        Matcher m = p.awaitLine("listening with TLS on 127\\.0\\.0\\.1:(\\d+), certificate .*CN=127\\.0\\.0\\.1, valid until .*", WAIT);
        return new Server(p, clear, Integer.parseInt(m.group(1)));
    }

    private ProcessRunner chatroom(String name, String... args) {
        ProcessRunner p = Launcher.chatroom(name, tmp, args);
        started.add(p);
        return p;
    }

    private ProcessRunner start(String name, List<String> command) {
        ProcessRunner p = ProcessRunner.start(name, command, tmp, Map.of());
        started.add(p);
        return p;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}

package chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's TLS flags: which go together, and a certificate that cannot be used said before anything starts. */
class TlsFlagsTest {
    @TempDir
    Path dir;

    @Test
    void flagsThatDoNotGoTogetherAreUsageErrors() {
        String data = dir.resolve("data").toString();
        assertThat(Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data, "--tls-cert", "c.pem")).isEqualTo(2);
        assertThat(Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data, "--tls-key", "k.pem")).isEqualTo(2);
        assertThat(Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data, "--no-clear")).isEqualTo(2);
        assertThat(Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data, "--tls-port", "9443")).isEqualTo(2);
        assertThat(Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data, "--tls-port", "70000")).isEqualTo(2);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aCertificateThatCannotBeReadIsOneLineAndExitOneBeforeTheServerStarts() {
        Path missing = dir.resolve("cert.pem");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("server", "--port", "0", "--no-web", "--no-irc", "--data-dir", dir.resolve("data").toString(),
                    "--tls-cert", missing.toString(), "--tls-key", dir.resolve("key.pem").toString());
        } finally {
            System.setErr(was);
        }

        assertThat(code).isEqualTo(1);
        // Only this command's lines: another test's server may still be saying goodbye on stderr meanwhile.
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("chatroom:")))
                .containsExactly("chatroom: cannot turn on TLS: " + missing + " does not exist");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void helpListsTheTlsFlags() {
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--tls-cert", "--tls-key", "--tls-port", "(default: 8443", "--no-clear");
    }
}

package chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The IRC door's flags: their defaults, and those that do not go together, said before anything starts. */
class IrcFlagsTest {
    @TempDir
    Path dir;

    @Test
    void flagsThatDoNotGoTogetherAreUsageErrors() {
        String data = dir.resolve("data").toString();
        assertThat(Main.run("server", "--port", "0", "--no-web", "--data-dir", data, "--irc-tls-port", "6697")).isEqualTo(2);
        assertThat(Main.run("server", "--port", "0", "--no-web", "--data-dir", data, "--no-irc", "--irc-port", "0")).isEqualTo(2);
        assertThat(Main.run("server", "--port", "0", "--no-web", "--data-dir", data, "--irc-port", "70000")).isEqualTo(2);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void helpListsTheIrcFlagsWithTheirDefaults() {
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--irc-port=PORT", "6667", "--irc-tls-port=PORT", "6697", "--no-irc");
    }
}

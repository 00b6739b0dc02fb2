package chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's web door flags: their defaults, the origin list, and a port out of range as a usage error. */
class WebFlagsTest {

    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void byDefaultThePageIsServedOnPort8081ToItsOwnOriginOnly() {
        WebOptions web = parse().web;
        assertThat(web.port).isEqualTo(8081);
        assertThat(web.off).isFalse();
        assertThat(web.originRule().allows("http://other.example", "127.0.0.1:8081")).isFalse();
        assertThat(web.originRule().allows("http://127.0.0.1:8081", "127.0.0.1:8081")).isTrue();
    }

    @Test
    void originsMayBeRepeatedOrCommaSeparated() {
        WebOptions web = parse("--web-origin", "https://a.example,https://b.example", "--web-origin", "https://c.example", "--no-web").web;
        assertThat(web.origins).containsExactly("https://a.example", "https://b.example", "https://c.example");
        assertThat(web.originRule().allows("https://b.example", "127.0.0.1:8081")).isTrue();
        assertThat(web.off).isTrue();
    }

    @Test
    void aWebPortOutOfRangeIsAUsageError() {
        assertThat(Main.run("server", "--port", "0", "--web-port", "70000", "--data-dir", "target/never-created")).isEqualTo(2);
    }

    @Test
    void helpListsTheWebFlags() {
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--web-port", "(default: 8081", "--no-web", "--web-origin");
    }
}

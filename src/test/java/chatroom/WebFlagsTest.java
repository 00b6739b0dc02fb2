package chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.web.HostRule;
import chatroom.web.WebPolicy;
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
    void byDefaultTheMachinesOwnNamesAreServedAndIdleHttpConnectionsCloseAfterTenSeconds() {
        WebPolicy policy = parse().web.policy();
        assertThat(policy.httpIdle()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(policy.hosts().servingAt("127.0.0.1").serves("localhost:8081")).isTrue();
        assertThat(policy.hosts().servingAt("127.0.0.1").serves("chat.example.org")).isFalse();
    }

    @Test
    void webHostsMayBeRepeatedOrCommaSeparatedAndWebOriginsHostsAreServedToo() {
        WebOptions web = parse("--web-host", "a.example,b.example", "--web-host", "c.example", "--web-origin", "https://d.example",
                "--web-idle", "2s").web;
        assertThat(web.hosts).containsExactly("a.example", "b.example", "c.example");
        HostRule served = web.policy().hosts().servingAt("127.0.0.1");
        assertThat(java.util.List.of("a.example", "b.example", "c.example:8081", "d.example")).allMatch(served::serves);
        assertThat(web.policy().httpIdle()).isEqualTo(java.time.Duration.ofSeconds(2));
    }

    @Test
    void aWebIdleOfZeroIsAUsageError() {
        assertThat(Main.run("server", "--port", "0", "--web-idle", "0", "--data-dir", "target/never-created")).isEqualTo(2);
    }

    @Test
    void aWebPortOutOfRangeIsAUsageError() {
        assertThat(Main.run("server", "--port", "0", "--web-port", "70000", "--data-dir", "target/never-created")).isEqualTo(2);
    }

    @Test
    void helpListsTheWebFlags() {
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--web-port", "(default: 8081", "--no-web", "--no-irc", "--web-origin", "--web-host", "--web-idle",
                "(default: 10s)");
    }
}

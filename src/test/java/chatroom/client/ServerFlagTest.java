package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The Chatter's --server: the list of servers it tries, and the usage errors for a bad one. */
class ServerFlagTest {

    private static List<ServerAddress> servers(String... args) {
        ClientCommand command = new ClientCommand();
        new CommandLine(command).parseArgs(args);
        return command.servers(command.tls || command.tlsCa != null);
    }

    @Test
    void repeatedAndCommaSeparatedServersAreTriedInTheOrderGiven() {
        assertThat(servers("ann", "--server", "10.0.0.1:9001,10.0.0.2:9002", "--server", "[::1]:9003"))
                .containsExactly(new ServerAddress("10.0.0.1", 9001), new ServerAddress("10.0.0.2", 9002),
                        new ServerAddress("::1", 9003));
    }

    @Test
    void aServerWithoutPortGetsTheDefaultPortOr8443WithTls() {
        assertThat(servers("ann", "--server", "chat.lan")).containsExactly(new ServerAddress("chat.lan", 8080));
        assertThat(servers("ann", "--tls", "--server", "chat.lan,b.lan:9443"))
                .containsExactly(new ServerAddress("chat.lan", 8443), new ServerAddress("b.lan", 9443));
    }

    @Test
    void withoutServerHostAndPortStillSayWhereToGo() {
        assertThat(servers("ann", "--host", "10.0.0.7", "--port", "9001")).containsExactly(new ServerAddress("10.0.0.7", 9001));
        assertThat(servers("ann")).containsExactly(new ServerAddress("127.0.0.1", 8080));
        assertThat(servers("ann", "--tls")).containsExactly(new ServerAddress("127.0.0.1", 8443));
    }

    @Test
    void badServerListsAreUsageErrorsSayingWhatIsWrong() {
        assertThat(usageError("--server", "a:9001", "--port", "9002")).contains("--server does not mix with --host or --port");
        assertThat(usageError("--server", "a:9001", "--host", "b")).contains("--server does not mix with --host or --port");
        assertThat(usageError("--server", "a:http")).contains("'http' is not a port number");
        assertThat(usageError("--server", "a:0")).contains("a port is from 1 to 65535, not 0");
        assertThat(usageError("--server", "a:70000")).contains("a port is from 1 to 65535, not 70000");
        assertThat(usageError("--server", ":9001")).contains("has no host");
        assertThat(usageError("--server", "a:1,,b:2")).contains("has an empty entry");
        assertThat(usageError("--server", "a:1,a:1")).contains("a:1 is listed twice");
        assertThat(usageError("--server", "::1:9001")).contains("write an IPv6 address in brackets");
        assertThat(usageError("--server", "[::1:9001")).contains("does not close it");
    }

    /** Runs {@code chatroom client ann ARGS}, expecting exit 2; its stderr. */
    private static String usageError(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            all[0] = "client";
            all[1] = "ann";
            System.arraycopy(args, 0, all, 2, args.length);
            code = Main.run(all);
        } finally {
            System.setErr(was);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code of a usage error; stderr: " + said).isEqualTo(2);
        return said;
    }
}

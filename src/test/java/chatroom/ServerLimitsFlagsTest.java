package chatroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.chat.Limits;
import chatroom.chat.RoomLimits;
import chatroom.cli.DurationOption;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** The server's limit flags (SPEC §5): their defaults are the documented ones, and nonsense is a usage error. */
class ServerLimitsFlagsTest {

    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutFlagsTheServerRunsWithTheDefaultLimits() {
        assertThat(parse().limits()).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void everyLimitFlagReachesTheLimits() {
        Limits limits = parse("--rate", "2.5", "--burst", "5", "--max-connections", "50", "--max-per-address", "7",
                "--ping-after", "500ms", "--timeout-after", "1.5s", "--tcp-keepalive-idle", "30",
                "--tcp-keepalive-interval", "PT5S", "--tcp-keepalive-count", "3", "--announce-up-to", "2", "--offline-queue", "7")
                .limits();

        assertThat(limits).isEqualTo(Limits.DEFAULTS.withRate(2.5, 5).withMaxConnections(50, 7)
                .withKeepAlive(Duration.ofMillis(500), Duration.ofMillis(1500))
                .withTcpKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5), 3).withAnnounceUpTo(2).toBuilder().offlineQueue(7)
                .build());
    }

    @Test
    void helpListsEveryLimitFlagWithItsDefault() {
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));

        assertThat(out.toString()).contains("--rate", "(default: 10)", "--burst", "(default: 20)", "--max-connections",
                "(default: 10000)", "--max-per-address", "(default: 100)", "--ping-after", "(default: 30s)", "--timeout-after",
                "(default: 90s)", "--tcp-keepalive-idle", "(default: 60s)", "--tcp-keepalive-interval", "(default: 10s)",
                "--tcp-keepalive-count", "(default: 6)", "--announce-up-to", "(default: 500)", "--password-timeout",
                "(default: 60s)", "--offline-queue", "(default: 100)");
    }

    @Test
    void theLimitFlagsTakeTheirDefaultsFromTheLimitsAlone() {
        CommandLine cli = new CommandLine(new ServerCommand());
        assertThat(cli.getCommandSpec().options()).filteredOn(o -> ServerDefaults.covers(o.longestName()))
                .hasSize(25)
                .allSatisfy(o -> assertThat(o.defaultValue()).as(o.longestName() + " written again beside the limits").isNull());
    }

    @ParameterizedTest
    @CsvSource({"30000, 30s", "200, 200ms", "1500, 1500ms", "0, 0s"})
    void aDurationDefaultIsShownAsAFlagWouldSayIt(long millis, String shown) {
        assertThat(DurationOption.format(Duration.ofMillis(millis))).isEqualTo(shown);
        assertThat(DurationOption.parse(shown)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            --rate                 | -1   | --rate must be a number of messages per second, 0 or more
            --burst                | 0    | --burst must be at least 1
            --max-connections      | 0    | --max-connections must be at least 1
            --max-per-address      | 0    | --max-per-address must be at least 1
            --ping-after           | 0    | --ping-after must be at least 1 ms
            --timeout-after        | 20s  | --timeout-after must be longer than --ping-after
            --tcp-keepalive-idle   | 1.5s | --tcp-keepalive-idle must be whole seconds, from 1 to 32767
            --tcp-keepalive-interval | 0  | --tcp-keepalive-interval must be whole seconds
            --tcp-keepalive-count  | 200  | --tcp-keepalive-count must be from 1 to 127
            --announce-up-to       | -1   | --announce-up-to must be 0 or more
            --password-timeout     | 0    | --password-timeout must be positive
            --offline-queue        | -1   | --offline-queue must be 0 or more
            """)
    void aLimitThatMakesNoSenseIsRefusedWithExitCode2AndOneLineNamingTheFlag(String flag, String value, String message) {
        assertThatThrownBy(() -> parse(flag, value).limits()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);

        // Main.run is what the launcher calls; a bad limit must end it with 2 before anything listens.
        assertThat(Main.run("server", "--port", "0", "--data-dir", "target/never-created", flag, value)).isEqualTo(2);
    }

    @Test
    void theHeavyRequestBudgetsAndTheSearchBoundHaveTheirDefaultsAndFlags() {
        assertThat(parse().roomLimits()).isEqualTo(RoomLimits.DEFAULTS);
        assertThat(parse("--heavy-rate", "0.5", "--heavy-burst", "3", "--heavy-rate-per-address", "2",
                "--heavy-burst-per-address", "7", "--search-scan", "900").roomLimits())
                .isEqualTo(RoomLimits.DEFAULTS.withHeavyBudget(0.5, 3).withAddressHeavyBudget(2, 7).withSearchScan(900));

        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--heavy-rate", "(default: 1)", "--heavy-burst", "(default: 10)",
                "--heavy-rate-per-address", "(default: 5)", "--heavy-burst-per-address", "(default: 50)", "--search-scan",
                "(default: 5000)");
    }

    @Test
    void roomsPerPersonHaveTheirDefaultOfTwentyAndAFlag() {
        assertThat(parse().roomLimits().maxRoomsPerPerson()).isEqualTo(20);
        assertThat(parse("--max-rooms-per-person", "3").roomLimits())
                .isEqualTo(RoomLimits.DEFAULTS.withMaxRoomsPerPerson(3));
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--max-rooms-per-person=N rooms one person may be in at once, the lobby included (default: 20)");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            --heavy-rate              | -1  | --heavy-rate must be a number of requests per second, 0 or more
            --heavy-burst             | 0   | --heavy-burst must be at least 1
            --heavy-rate-per-address  | NaN | --heavy-rate-per-address must be a number of requests per second
            --heavy-burst-per-address | 0   | --heavy-burst-per-address must be at least 1
            --search-scan             | 199 | --search-scan must be at least 200
            --max-rooms-per-person    | 0   | --max-rooms-per-person must be at least 1
            """)
    void aBudgetOrBoundThatMakesNoSenseIsRefusedNamingTheFlag(String flag, String value, String message) {
        assertThatThrownBy(() -> parse(flag, value).roomLimits()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(Main.run("server", "--port", "0", "--data-dir", "target/never-created", flag, value)).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{index}] {0} is {1} ms")
    @CsvSource({"500ms, 500", "1.5s, 1500", "30s, 30000", "30, 30000", "0.25, 250", "2m, 120000", "1h, 3600000",
            "PT0.5S, 500", "' 10 s ', 10000"})
    void durationFlagsTakeAUnitOrSeconds(String text, long millis) {
        assertThat(DurationOption.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2}")
    @CsvSource({"server, --port, 70000", "server, --web-port, -1", "client, --port, 65536", "bench, --port, 99999"})
    void aPortOutOfRangeIsRefusedAlikeByEveryCommand(String command, String flag, String port) {
        Object parsed = switch (command) {
            case "server" -> new ServerCommand();
            case "client" -> new chatroom.client.ClientCommand();
            default -> new chatroom.bench.BenchCommand();
        };
        String[] args = command.equals("client") ? new String[] {"bob", flag, port} : new String[] {flag, port};
        assertThatThrownBy(() -> new CommandLine(parsed).parseArgs(args)).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("Invalid value for option '" + flag + "': a port is from 0 to 65535, not " + port);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"soon", "-5s", "1.0005s", "5 days", "PT-1S", "''"})
    void aDurationThatCannotBeReadIsAUsageError(String text) {
        assertThatThrownBy(() -> DurationOption.parse(text)).isInstanceOf(TypeConversionException.class);
    }
}

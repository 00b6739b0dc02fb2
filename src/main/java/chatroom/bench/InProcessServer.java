package chatroom.bench;

import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.RoomLimits;
import chatroom.cli.Version;
import chatroom.history.SqliteHistoryStore;
import chatroom.record.Console;
import chatroom.record.ServerLog;
import chatroom.door.Admission;
import chatroom.irc.IrcDialect;
import chatroom.tcp.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A server in the bench's own JVM, wired as {@code chatroom server} wires it (ServerLog,
 * Console, Manager, TcpServer), on 127.0.0.1 and a free port, with its log in a temporary
 * folder that is deleted afterwards. Quiet: its console mirror prints nothing.
 */
final class InProcessServer implements AutoCloseable {
    private final Path dataDir;
    private final Console console;
    private final ServerLog log;
    private final SqliteHistoryStore store;
    private final TcpServer tcp;
    private final InetSocketAddress address;

    /** @param irc whether the bench's clients speak IRC: the port is then the IRC door's */
    private InProcessServer(Path dataDir, Limits limits, boolean irc) throws IOException {
        this.dataDir = dataDir;
        ZoneId zone = ZoneId.systemDefault();
        Clock clock = Clock.system(zone);
        this.console = new Console(System.out, true);
        this.log = new ServerLog(dataDir, zone, console);
        // The real store, as `chatroom server` has it: its commits are part of what a message costs.
        this.store = SqliteHistoryStore.open(dataDir, false);
        Manager manager = new Manager(clock, log, limits, store, RoomLimits.DEFAULTS);
        this.tcp = irc ? new TcpServer(manager, limits, zone, new Admission(limits.maxConnections(), limits.maxPerAddress()), null,
                new IrcDialect(limits, RoomLimits.DEFAULTS.maxRoomsPerPerson(), zone, Version.current())) : new TcpServer(manager, limits, zone);
        this.address = tcp.start("127.0.0.1", 0);
        log.record(clock.instant(), "START chatroom " + Version.current() + " (in chatroom bench) listening on "
                + address.getAddress().getHostAddress() + ":" + address.getPort() + " data " + dataDir);
    }

    static InProcessServer start(Limits limits, boolean irc) throws IOException {
        Path dir = Files.createTempDirectory("chatroom-bench-");
        try {
            return new InProcessServer(dir, limits, irc);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        tcp.close();
        try {
            store.close();
            log.close();
        } catch (IOException ignored) {
            // the folder goes anyway
        }
        console.close();
        delete(dataDir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is no failure of the benchmark
        }
    }
}

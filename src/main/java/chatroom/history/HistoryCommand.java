package chatroom.history;

import chatroom.chat.HistoryStore;
import chatroom.chat.Names;
import chatroom.cli.Version;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chatroom history}: the store's events on stdout, with the server running or not. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Export the history store (history.db in the data directory) to stdout, oldest first.",
            "Reads only: safe while a server is running. Exit code 0, 1 when the store cannot be read, 2 for a usage error."})
public final class HistoryCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "./chatroom-data", description = "the server's data directory (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--room", paramLabel = "ROOM", description = "only this room's events (#lobby); without it every room and private message")
    String room;

    @Option(names = "--since", paramLabel = "TIME",
            description = "only events from this time on: an ISO-8601 date (2026-11-28, local midnight), date-time with offset "
                    + "(2026-11-28T09:00:00+08:00, 2026-11-28T01:00:00Z) or local date-time (2026-11-28T09:00)")
    String since;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (lines like the server log's) or jsonl (one JSON object per line) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--cluster", paramLabel = "URL",
            description = "export a cluster's history from its Redis (redis://HOST:PORT[/DB], as the servers' --cluster) instead of --data-dir")
    String cluster;

    @Spec
    CommandSpec spec;

    /** Opens a cluster's store at an address: the command line knows the engine, the history package does not. */
    public interface ClusterStores {
        HistoryStore open(String address) throws IOException;
    }

    private final OutputStream out;
    private final ZoneId zone;
    private final ClusterStores clusterStores;

    public HistoryCommand() {
        this(null);
    }

    /** With {@code --cluster} read through {@code clusterStores}. */
    public HistoryCommand(ClusterStores clusterStores) {
        this(System.out, ZoneId.systemDefault(), clusterStores);
    }

    /** For tests: where the export goes, and the zone its text lines and --since dates are read in. */
    HistoryCommand(OutputStream out, ZoneId zone) {
        this(out, zone, null);
    }

    HistoryCommand(OutputStream out, ZoneId zone, ClusterStores clusterStores) {
        this.out = out;
        this.zone = zone;
        this.clusterStores = clusterStores;
    }

    @Override
    public Integer call() {
        ExportFormat how;
        Instant from;
        try {
            how = format(format);
            from = since == null ? null : since(since, zone);
            if (room != null) {
                String problem = Names.roomProblem(room);
                if (problem != null) throw new IllegalArgumentException("--room: " + problem);
                room = Names.room(room); // as the server keeps it: #Games is #games
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("chatroom: " + e.getMessage());
            return 2;
        }
        // UTF-8 whatever the locale: an export is data, and a pipe's "encoding" would turn 你好 into ??.
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (cluster != null && clusterStores == null) {
            spec.commandLine().getErr().println("chatroom: --cluster is not available in this build");
            return 2;
        }
        try (HistoryStore store = cluster != null ? clusterStores.open(cluster) : SqliteHistoryStore.openReadOnly(dataDir)) {
            store.export(room, from, e -> {
                try {
                    w.write(how.line(e, zone));
                    w.write('\n');
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed); // stops the export: stdout is gone (a closed pipe)
                }
            });
            w.flush();
            return 0;
        } catch (IOException | UncheckedIOException e) {
            spec.commandLine().getErr().println("chatroom: " + e.getMessage());
            return 1;
        }
    }

    static ExportFormat format(String name) {
        try {
            return ExportFormat.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format: '" + name + "' is not text or jsonl");
        }
    }

    /** The instant {@code --since} names; dates and local date-times are read in {@code zone}. */
    static Instant since(String value, ZoneId zone) {
        String v = value.strip();
        try {
            if (v.length() == 10) return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(v).atZone(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since: '" + value + "' is not an ISO-8601 date (2026-11-28) or date-time "
                    + "(2026-11-28T09:00:00+08:00)");
        }
    }
}

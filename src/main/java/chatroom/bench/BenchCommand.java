package chatroom.bench;

import chatroom.cli.DurationOption;
import chatroom.cli.PortOption;
import chatroom.cli.Version;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatroom bench}: a load generator for a chatroom server (issue 4; docs/PERFORMANCE.md). */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {
            "Load generator: joins many clients to a chatroom server and measures deliveries per second, "
                    + "latency from send to receipt, loss, duplicates and reordering, join times, and CPU and memory.",
            "Without --port it starts a server inside this JVM on 127.0.0.1 (limits that would throttle it raised).",
            "Exit code 0 when every client joined and every message arrived once and in order, 1 otherwise, "
                    + "2 for a usage error."},
        footer = {"", "Workloads:",
            "  fanout    --clients in one room, --senders of them sending",
            "            (closed loop with --window, or open loop at --rate)",
            "  latency   fanout at a fixed rate: 100 clients, 10 senders x 50 msg/s",
            "  capacity  --clients (default 5000) join and stay idle; one probe to all",
            "  private   fanout with --private per cent sent privately to one client",
            "", "docs/PERFORMANCE.md says what each figure means."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--workload", defaultValue = "fanout", paramLabel = "NAME",
            description = "fanout, latency, capacity or private (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = "--door", defaultValue = "json", paramLabel = "DOOR",
            description = "json (the structured protocol), plain (newline-delimited text), irc (the IRC door, with echo-message) or raw (a server with no welcome, "
                    + "echo or framing: ncat --chat, week13.py; needs --port) (default: ${DEFAULT-VALUE})")
    String door;

    @Option(names = "--raw-name", defaultValue = "none", paramLabel = "HOW",
            description = "--door raw: what each client sends first: none (ncat --chat), line (its name and a newline) "
                    + "or bare (its name alone, for week13.py) (default: ${DEFAULT-VALUE})")
    String rawName;

    @Option(names = "--raw-unframed",
            description = "--door raw: send each message without a newline, as a write of its own (week13.py)")
    boolean rawUnframed;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "server address, with --port (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", converter = PortOption.class,
            description = "port of a running server; without it the bench starts its own in-process")
    Integer port;

    @Option(names = "--also-port", split = ",", paramLabel = "PORT", converter = PortOption.class,
            description = "more servers of the same cluster on --host, with --port: the clients are spread over all of them in turn")
    java.util.List<Integer> alsoPorts = new java.util.ArrayList<>();

    @Option(names = "--in-process", description = "start a server inside the bench's JVM (the default when no --port is given)")
    boolean inProcess;

    @Option(names = "--pid", description = "process id of the local server at --port, to report its CPU time and memory")
    long pid;

    @Option(names = "--clients", description = "connections, each joined under its own name (default: 100; capacity 5000)")
    Integer clients;

    @Option(names = "--senders", defaultValue = "10", description = "of the clients, how many send (default: ${DEFAULT-VALUE})")
    int senders;

    @Option(names = "--size", defaultValue = "64", description = "bytes of text per message, at least 48 (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--window", defaultValue = "64",
            description = "closed loop: messages per sender not yet received by every other client (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--rate", paramLabel = "MSGS",
            description = "open loop: messages per second per sender; 0 is closed loop (default: 0; latency 50)")
    Double rate;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationOption.class,
            description = "how long to measure, after the warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", converter = DurationOption.class,
            description = "sending before the measurement starts (default: 2s; latency 10s)")
    Duration warmup;

    @Option(names = "--private", paramLabel = "PERCENT",
            description = "share of messages sent privately, in per cent (default: 0; private 50)")
    Integer privatePercent;

    @Option(names = "--join-parallel", defaultValue = "64", description = "joins under way at once (default: ${DEFAULT-VALUE})")
    int joinParallel;

    @Option(names = "--join-timeout", defaultValue = "120s", converter = DurationOption.class,
            description = "how long all the joins may take (default: ${DEFAULT-VALUE})")
    Duration joinTimeout;

    @Option(names = "--name-prefix", defaultValue = "bench",
            description = "client names are this and a number; change it to run two benches at once (default: ${DEFAULT-VALUE})")
    String namePrefix;

    @Option(names = "--json", description = "print the results as JSON on stdout (notes go to stderr)")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            // A setting out of range is a usage error told in one line, as the server does.
            System.err.println("chatroom: " + e.getMessage());
            return 2;
        }
        java.io.PrintStream notes = json ? System.err : System.out;
        if (!alsoPorts.isEmpty() && port == null) {
            System.err.println("chatroom: --also-port needs --port (the first server of the cluster)");
            return 2;
        }
        Results results = Bench.run(plan, alsoPorts, line -> {
            notes.println(line);
            notes.flush();
        }, Bench.stderrIsTerminal() ? System.err : null);
        if (json) {
            System.out.println(Report.json(results));
        } else {
            System.out.println();
            System.out.print(Report.table(results));
        }
        System.out.flush();
        return results.ok() ? 0 : 1;
    }

    private Plan plan() {
        if (inProcess && port != null) throw new IllegalArgumentException("--in-process and --port exclude each other");
        if (pid > 0 && !ProcStat.exists(pid)) throw new IllegalArgumentException("--pid " + pid + ": no such process to read in /proc");
        Workload w = Workload.of(workload);
        if (port != null && port == 0) throw new IllegalArgumentException("--port names a running server's port, not 0");
        return new Plan(w, door, host, port == null ? 0 : port, pid,
                clients == null ? w.defaultClients : clients, senders, size, window,
                rate == null ? w.defaultRate : rate, warmup == null ? w.defaultWarmup : warmup, duration,
                privatePercent == null ? w.defaultPrivatePercent : privatePercent, joinParallel, joinTimeout, namePrefix,
                new RawStyle(rawName, rawUnframed));
    }
}

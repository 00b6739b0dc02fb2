package chatroom.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A run's results as a plain two-column table for people, or as JSON for machines. */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double MB = 1024.0 * 1024.0;

    private Report() {
    }

    // ---- the table ----

    public static String table(Results r) {
        Map<String, String> rows = new LinkedHashMap<>();
        JoinStats j = r.join();
        rows.put("joined", String.format(Locale.ROOT, "%,d of %,d in %s s; per client %s", j.joined(), j.clients(),
                seconds(j.totalNanos()), percentiles(j.perClient(), false)));
        if (j.failure() != null) rows.put("join failed", j.failed() + " clients; first: " + j.failure());
        FlowStats f = r.flow();
        if (f != null) {
            rows.put("sent", String.format(Locale.ROOT, "%,d messages (%,.0f/s)", f.sent(), f.sent() / f.seconds()));
            rows.put("deliveries", String.format(Locale.ROOT, "%,d (%,.0f/s)", f.deliveries(), f.deliveries() / f.seconds()));
            rows.put("latency", percentiles(f.latency(), true));
            // Open loop: the part of the latency that is the bench's own lateness in sending.
            if (f.sendLag().getTotalCount() > 0) rows.put("send lag", percentiles(f.sendLag(), true));
            rows.put("lost", count(f.lost()) + (f.drained() ? "" : "  (not all arrived within the drain)"));
            rows.put("duplicated", count(f.duplicated()));
            rows.put("out of order", count(f.outOfOrder()));
            if (r.plan().privatePercent() > 0) rows.put("misdelivered", count(f.misdelivered()));
            if (f.seqGaps() >= 0) rows.put("seq gaps", count(f.seqGaps()));
            if (!f.refused().isEmpty()) rows.put("refused", refusals(f.refused()));
            if (f.disconnected() > 0) rows.put("disconnected", f.disconnected() + "; first: " + f.firstDisconnect());
        }
        ProbeStats p = r.probe();
        if (p != null) {
            rows.put("probe", String.format(Locale.ROOT, "reached %,d of %,d%s; per client %s", p.received(), p.receivers(),
                    p.allNanos() >= 0 ? " in " + Latency.ms(p.allNanos()) + " ms" : "", percentiles(p.perClient(), false)));
        }
        Usage u = r.usage();
        rows.put("server CPU", cpu(u, u.serverCpu(), u.serverWhat()));
        if (!u.serverThreads().isEmpty() && u.serverCpu() > 0) rows.put("server threads", threads(u));
        rows.put("bench CPU", cpu(u, u.benchCpu(), u.benchWhat()));
        if (u.benchCpu() >= 0 && u.serverCpu() >= 0 && u.benchCpu() + u.serverCpu() > 0) {
            rows.put("bench share", String.format(Locale.ROOT, "%.1f %% of the CPU time of bench and server together",
                    100.0 * u.benchCpu() / (u.benchCpu() + u.serverCpu())));
        }
        if (f != null && u.serverCpu() > 0 && f.deliveries() > 0) {
            // Over the same measured stretch: server CPU per delivery, comparable across servers.
            rows.put("server CPU/delivery", String.format(Locale.ROOT, "%.0f ns", (double) u.serverCpu() / f.deliveries()));
        }
        if (f != null && u.benchCpu() > 0 && f.deliveries() > 0) {
            // The bench's own ceiling: one I/O thread can take about 1e9 / this many deliveries a second.
            rows.put("bench CPU/delivery", String.format(Locale.ROOT, "%.0f ns", (double) u.benchCpu() / f.deliveries()));
        }
        rows.put("memory (RSS)", u.rssBytes() < 0 ? u.rssWhat()
                : String.format(Locale.ROOT, "%.1f MB now, %.1f MB peak: %s", u.rssBytes() / MB, u.peakRssBytes() / MB, u.rssWhat()));

        StringBuilder out = new StringBuilder();
        out.append("chatroom bench: ").append(r.plan().describe()).append('\n');
        out.append("target: ").append(r.target()).append('\n');
        if (r.limits() != null) out.append("limits raised for the benchmark: ").append(r.limits()).append('\n');
        out.append('\n');
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
        for (Map.Entry<String, String> row : rows.entrySet()) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s%s%n", row.getKey(), row.getValue()));
        }
        for (String warning : warnings(r)) out.append('\n').append("note: ").append(warning);
        if (!warnings(r).isEmpty()) out.append('\n');
        return out.toString();
    }

    static List<String> warnings(Results r) {
        List<String> w = new ArrayList<>();
        FlowStats f = r.flow();
        if (f != null && f.refused().keySet().stream().anyMatch(code -> code.contains("rate"))) {
            w.add("the server rate-limited the bench: raise its limits (e.g. chatroom server --rate 0) or the figures mean little");
        }
        if (f != null && f.latency().getTotalCount() == 0) w.add("no message sent in the measured window arrived");
        if (r.plan().inProcess()) w.add("server and bench share this JVM and its 2 cores; CPU is split by thread");
        return w;
    }

    private static String percentiles(Histogram h, boolean withP999) {
        if (h.getTotalCount() == 0) return "-";
        String p999 = withP999 ? "  p999 " + Latency.ms(h.getValueAtPercentile(99.9)) : "";
        return "p50 " + Latency.ms(h.getValueAtPercentile(50)) + "  p99 " + Latency.ms(h.getValueAtPercentile(99)) + p999
                + "  max " + Latency.ms(h.getMaxValue()) + " ms";
    }

    private static String cpu(Usage u, long nanos, String what) {
        if (nanos < 0) return what;
        return String.format(Locale.ROOT, "%s s (%.1f %% of one core over %s s): %s", seconds(nanos),
                u.percentOfCore(nanos), seconds(u.wallNanos()), what);
    }

    private static String refusals(Map<String, Long> refused) {
        List<String> parts = new ArrayList<>();
        refused.forEach((code, n) -> parts.add(code + " x" + n));
        return String.join(", ", parts);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    // ---- JSON ----

    public static String json(Results r) {
        ObjectNode root = JSON.createObjectNode();
        Plan p = r.plan();
        root.put("workload", p.workload().word).put("door", p.door()).put("clients", p.clients()).put("size", p.size());
        if (p.workload() != Workload.CAPACITY) {
            root.put("senders", p.senders()).put("loop", p.closedLoop() ? "closed" : "open");
            if (p.closedLoop()) root.put("window", p.window());
            else root.put("rate_per_sender", p.rate());
            root.put("private_percent", p.privatePercent()).put("warmup_s", p.warmup().toMillis() / 1e3)
                    .put("duration_s", p.duration().toMillis() / 1e3);
        }
        if (p.door().equals("raw")) root.put("raw_name", p.raw().name()).put("raw_unframed", p.raw().unframed());
        root.put("target", r.target());
        if (r.limits() != null) root.put("limits_raised", r.limits());
        root.put("ok", r.ok());

        JoinStats j = r.join();
        ObjectNode join = root.putObject("join");
        join.put("clients", j.clients()).put("joined", j.joined()).put("failed", j.failed())
                .put("total_s", j.totalNanos() / 1e9);
        if (j.failure() != null) join.put("first_failure", j.failure());
        latency(join.putObject("per_client_ms"), j.perClient());

        FlowStats f = r.flow();
        if (f != null) {
            ObjectNode flow = root.putObject("flow");
            flow.put("measured_s", f.seconds()).put("sent", f.sent()).put("sent_per_s", f.sent() / f.seconds())
                    .put("deliveries", f.deliveries()).put("deliveries_per_s", f.deliveries() / f.seconds());
            latency(flow.putObject("latency_ms"), f.latency());
            if (f.sendLag().getTotalCount() > 0) latency(flow.putObject("send_lag_ms"), f.sendLag());
            flow.put("expected", f.expected()).put("lost", f.lost()).put("duplicated", f.duplicated())
                    .put("out_of_order", f.outOfOrder()).put("misdelivered", f.misdelivered());
            if (f.seqGaps() >= 0) flow.put("seq_gaps", f.seqGaps());
            ObjectNode refused = flow.putObject("refused");
            f.refused().forEach(refused::put);
            flow.put("disconnected", f.disconnected()).put("drained", f.drained());
        }
        ProbeStats pr = r.probe();
        if (pr != null) {
            ObjectNode probe = root.putObject("probe");
            probe.put("receivers", pr.receivers()).put("received", pr.received());
            if (pr.allNanos() >= 0) probe.put("all_ms", Latency.msValue(pr.allNanos()));
            latency(probe.putObject("per_client_ms"), pr.perClient());
        }
        Usage u = r.usage();
        ObjectNode usage = root.putObject("usage");
        usage.put("wall_s", u.wallNanos() / 1e9);
        cpuJson(usage.putObject("server_cpu"), u, u.serverCpu(), u.serverWhat());
        ObjectNode threads = usage.putObject("server_threads_s");
        u.serverThreads().forEach((kind, nanos) -> threads.put(kind, nanos / 1e9));
        cpuJson(usage.putObject("bench_cpu"), u, u.benchCpu(), u.benchWhat());
        ObjectNode rss = usage.putObject("rss");
        if (u.rssBytes() >= 0) rss.put("mb", round1(u.rssBytes() / MB)).put("peak_mb", round1(u.peakRssBytes() / MB));
        rss.put("of", u.rssWhat());
        return root.toPrettyString();
    }

    private static void latency(ObjectNode node, Histogram h) {
        node.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) return;
        node.put("p50", Latency.msValue(h.getValueAtPercentile(50))).put("p99", Latency.msValue(h.getValueAtPercentile(99)))
                .put("p999", Latency.msValue(h.getValueAtPercentile(99.9))).put("max", Latency.msValue(h.getMaxValue()));
    }

    /** Where the server's CPU went: the five busiest kinds of thread, each as a share of it. */
    private static String threads(Usage u) {
        StringBuilder out = new StringBuilder();
        u.serverThreads().entrySet().stream().limit(5).forEach(e -> out.append(out.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / u.serverCpu())));
        return out.toString();
    }

    private static void cpuJson(ObjectNode node, Usage u, long nanos, String what) {
        if (nanos >= 0) node.put("s", nanos / 1e9).put("percent_of_core", round1(u.percentOfCore(nanos)));
        node.put("of", what);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

package chatroom.bench;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The capacity workload: every client connects and joins (at most {@code joinParallel}
 * at a time) and then stays idle; once all have joined, the first sends one room message,
 * the probe, and the run ends when every other client has it. The probe's time includes
 * whatever the server still had queued from the joins, so it shows whether the server
 * stayed responsive. Clients that could not join are reported; the rest still take part.
 */
final class CapacityRun extends Run {
    /** How long the probe may take to reach everyone before the rest count as not reached. */
    static final long PROBE_TIMEOUT_NANOS = 30_000_000_000L;

    private enum Phase { JOINING, PROBING, DONE }

    private final Payload payload = Payload.reader();
    private final Histogram probeTimes = Latency.histogram();

    private Phase phase = Phase.JOINING;
    private Meter.Snapshot from;
    private Meter.Snapshot to;
    private LoadClient prober;
    private long probeSent;
    private long probeDeadline;
    private int receivers;
    private int received;
    private long allReceived = -1;

    CapacityRun(Plan plan, Wire wire, IoLoop io, List<LoadClient> clients, Meter meter, Status status, long base) {
        super(plan, wire, io, clients, meter, status, base);
    }

    @Override
    public long tick(long now) {
        if (status.due(now)) status.set(progress());
        switch (phase) {
            case JOINING -> {
                if (from == null) from = meter.take();
                long deadline = join.tick(now);
                if (!join.done()) return deadline;
                probe(now);
                return now;
            }
            case PROBING -> {
                if (received >= receivers || now >= probeDeadline) finish();
                return probeDeadline;
            }
            default -> {
                return now;
            }
        }
    }

    private void probe(long now) {
        prober = clients.stream().filter(c -> c.joined && !c.closed).findFirst().orElse(null);
        receivers = (int) clients.stream().filter(c -> c.joined && !c.closed).count() - 1;
        if (prober == null || receivers < 1) {
            finish();
            return;
        }
        probeSent = now;
        probeDeadline = now + PROBE_TIMEOUT_NANOS;
        phase = Phase.PROBING;
        io.send(prober, wire.say(Payload.text(Payload.ROOM, prober.index, 0, 0, now - base, -1, plan.size())));
    }

    private void finish() {
        to = meter.take();
        phase = Phase.DONE;
    }

    @Override
    public void line(LoadClient c, byte[] b, int from, int to, long now) {
        Wire.Kind kind = wire.classify(b, from, to);
        if (join.takes(c, kind, b, from, to, now)) return;
        if (phase != Phase.PROBING || kind != Wire.Kind.MESSAGE || c == prober || c.probed) return;
        if (!payload.parse(b, from, to) || payload.sender != prober.index) return;
        c.probed = true;
        received++;
        probeTimes.recordValue(now - probeSent);
        if (received == receivers) allReceived = now - probeSent;
    }

    @Override
    public void closed(LoadClient client, long now, String why) {
        join.closed(client, why);
    }

    @Override
    public boolean finished() {
        return phase == Phase.DONE;
    }

    @Override
    Results results(String target, String limits) {
        if (to == null) to = meter.take();
        ProbeStats probe = prober == null ? null : new ProbeStats(receivers, received, allReceived, probeTimes);
        return new Results(plan, target, limits, join.stats(), null, probe, meter.between(from, to));
    }

    private String progress() {
        String head = "capacity " + wire.name();
        return switch (phase) {
            case JOINING -> String.format(Locale.ROOT, "%s  joining %s %,d/%,d", head,
                    Status.bar((double) join.joined() / clients.size()), join.joined(), clients.size());
            case PROBING -> String.format(Locale.ROOT, "%s  probe %s %,d/%,d", head, Status.bar((double) received / receivers),
                    received, receivers);
            case DONE -> head + "  done";
        };
    }
}

package chatroom.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The fanout, latency and private workloads: join everyone, then the first
 * {@code senders} clients send, closed loop (each keeps its window full) or open loop
 * (each at a fixed rate, latency measured from when a message was due, so a stall shows
 * instead of hiding). Warm-up, measurement, then a drain that waits for every message
 * still on its way before counting what never came. Runs on the {@link IoLoop} thread.
 */
final class MessageRun extends Run {
    /** After the last send, how long messages on their way may take before they count as lost. */
    static final long DRAIN_NANOS = 5_000_000_000L;
    /** A fixed seed: the same plan picks the same private recipients. */
    private static final long SEED = 4;

    private enum Phase { JOINING, RUNNING, DRAINING, DONE }

    private final Sender[] senders;
    private final long interval;
    private final Payload payload = Payload.reader();
    private final Histogram latency = Latency.histogram();
    /** Open loop: how late each measured message was handed to its socket after it was due. */
    private final Histogram sendLag = Latency.histogram();
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final Map<String, Long> refused = new TreeMap<>();
    /** Raw door: messages may be lost in the relay (unframed servers), so the window must not wait for them forever. */
    private final boolean lossy;

    private Phase phase = Phase.JOINING;
    /** Open loop: when the next message of any sender is due. */
    private long nextDue = Long.MAX_VALUE;
    private long warmEnd = Long.MAX_VALUE;
    private long end = Long.MAX_VALUE;
    private long drainUntil;
    private Meter.Snapshot joinStart;
    private Meter.Snapshot from;
    private Meter.Snapshot to;
    private long sentMeasured;
    private long deliveriesMeasured;
    private long distinct;
    private long expected;
    private long duplicated;
    private long outOfOrder;
    private long misdelivered;
    private long seqGaps;
    private int disconnected;
    private String firstDisconnect;
    private long lastDistinct;
    private long lastStatus;

    MessageRun(Plan plan, Wire wire, IoLoop io, List<LoadClient> clients, Meter meter, Status status, long base) {
        super(plan, wire, io, clients, meter, status, base);
        this.senders = new Sender[plan.senders()];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new Sender(clients.get(i), plan.closedLoop() ? new SendWindow(plan.window()) : null);
        }
        this.lossy = wire.joinsOnConnect();
        this.interval = plan.closedLoop() ? 0 : Math.max(1, Math.round(1e9 / plan.rate()));
    }

    @Override
    public long tick(long now) {
        if (status.due(now)) status.set(progress(now));
        switch (phase) {
            case JOINING -> {
                if (joinStart == null) joinStart = meter.take();
                long deadline = join.tick(now);
                if (!join.done()) return deadline;
                if (!join.stats().complete()) {
                    to = meter.take();
                    phase = Phase.DONE;
                    return now;
                }
                begin(now);
                return now;
            }
            case RUNNING -> {
                if (from == null && now >= warmEnd) from = meter.take();
                if (now >= end) {
                    to = meter.take();
                    phase = Phase.DRAINING;
                    drainUntil = now + DRAIN_NANOS;
                    return now;
                }
                long next = from == null ? warmEnd : end;
                if (!plan.closedLoop()) {
                    nextDue = sendAllDue(now);
                    next = Math.min(next, nextDue);
                }
                return next;
            }
            case DRAINING -> {
                if (distinct >= expected || now >= drainUntil) phase = Phase.DONE;
                return drainUntil;
            }
            default -> {
                return now;
            }
        }
    }

    private void begin(long now) {
        warmEnd = now + plan.warmup().toNanos();
        end = warmEnd + plan.duration().toNanos();
        for (LoadClient c : clients) {
            c.receipts = new Receipts(senders.length);
            c.lastSeq = -1;
        }
        phase = Phase.RUNNING;
        for (int i = 0; i < senders.length; i++) {
            Sender s = senders[i];
            if (plan.closedLoop()) fill(s, now);
            else s.nextDue = now + interval * i / senders.length; // spread out, not all at once
        }
    }

    @Override
    public long nextSend() {
        return phase == Phase.RUNNING && !plan.closedLoop() ? nextDue : Long.MAX_VALUE;
    }

    @Override
    public void sendDue(long now) {
        if (phase == Phase.RUNNING && !plan.closedLoop()) nextDue = sendAllDue(now);
    }

    /** Open loop: sends what is due, each stamped with the time it was due. */
    private long sendAllDue(long now) {
        long next = Long.MAX_VALUE;
        for (Sender s : senders) {
            while (s.nextDue <= now && s.nextDue < end) {
                if (s.nextDue >= warmEnd) sendLag.recordValue(now - s.nextDue);
                send(s, s.nextDue);
                s.nextDue += interval;
            }
            next = Math.min(next, s.nextDue);
        }
        return next;
    }

    /** Closed loop: sends while the window has room. */
    private void fill(Sender s, long now) {
        while (phase == Phase.RUNNING && now < end && s.window.open() && !s.client.closed) send(s, now);
    }

    private void send(Sender s, long at) {
        int me = s.client.index;
        boolean privately = plan.privatePercent() > 0 && random.nextInt(100) < plan.privatePercent();
        int receivers = privately ? 1 : clients.size() - 1;
        long g = s.window != null ? s.window.take(receivers) : s.sent;
        s.sent++;
        byte[] bytes;
        if (privately) {
            int recipient = random.nextInt(clients.size() - 1);
            if (recipient >= me) recipient++;
            String text = Payload.text(Payload.PRIVATE, me, g, s.nextPrivate(recipient, clients.size()), at - base, recipient,
                    plan.size());
            bytes = wire.tell(clients.get(recipient).name, text);
        } else {
            bytes = wire.say(Payload.text(Payload.ROOM, me, g, s.roomSent++, at - base, -1, plan.size()));
        }
        expected += receivers;
        if (at >= warmEnd && at < end) sentMeasured++;
        if (wire.writesEachMessage()) io.sendNow(s.client, bytes);
        else io.send(s.client, bytes);
    }

    @Override
    public void line(LoadClient c, byte[] b, int from, int to, long now) {
        Wire.Kind kind = wire.classify(b, from, to);
        if (join.takes(c, kind, b, from, to, now)) return;
        switch (kind) {
            case MESSAGE -> {
                checkSeq(c, b, from, to, true);
                message(c, b, from, to, now);
            }
            case EVENT -> checkSeq(c, b, from, to, false);
            case ERROR -> {
                if (phase != Phase.JOINING) refused.merge(wire.errorCode(b, from, to), 1L, Long::sum);
            }
            default -> {
                // accepted frames, notices: nothing to count
            }
        }
    }

    /**
     * JSON door: room events reach every member numbered without gaps. Counting starts at
     * the first message after the start, so joins from before it (which a large room may
     * not announce) are not taken for gaps.
     */
    private void checkSeq(LoadClient c, byte[] b, int from, int to, boolean message) {
        if (phase == Phase.JOINING || (c.lastSeq < 0 && !message)) return;
        long seq = wire.seq(b, from, to);
        if (seq < 0) return;
        if (c.lastSeq >= 0 && seq > c.lastSeq + 1) seqGaps += seq - c.lastSeq - 1;
        if (seq > c.lastSeq) c.lastSeq = seq;
    }

    private void message(LoadClient c, byte[] b, int from, int to, long now) {
        if (phase == Phase.JOINING || !payload.parse(b, from, to)) return;
        int s = payload.sender;
        if (s == c.index || s < 0 || s >= senders.length) return; // its own echo, or not from this bench
        if (payload.kind == Payload.PRIVATE && payload.to != c.index) {
            misdelivered++;
            return;
        }
        long awaited = c.receipts.next(payload.stream(), s);
        Receipts.Outcome outcome = c.receipts.receive(payload.stream(), s, payload.counter);
        if (outcome == Receipts.Outcome.DUPLICATE) {
            duplicated++;
            return;
        }
        if (outcome == Receipts.Outcome.LATE) outOfOrder++;
        distinct++;
        if (now >= warmEnd && now < end) deliveriesMeasured++;
        long sentAt = base + payload.sentAt;
        if (sentAt >= warmEnd && sentAt < end) latency.recordValue(Math.max(0, now - sentAt));
        Sender sender = senders[s];
        if (sender.window != null) {
            if (lossy && outcome == Receipts.Outcome.IN_ORDER) {
                // Raw door: a payload the server cut in two is never found; a later one from the same
                // sender gives up on those skipped (room only, so a message's g is its room count).
                for (long g = awaited; g < payload.counter; g++) sender.window.received(g);
            }
            if (outcome == Receipts.Outcome.LATE && lossy) return; // already given up on: not twice
            sender.window.received(payload.g);
            fill(sender, now);
        }
    }

    @Override
    public void closed(LoadClient client, long now, String why) {
        if (join.closed(client, why) && phase != Phase.DONE) {
            if (disconnected++ == 0) firstDisconnect = client.name + ": " + why;
        }
    }

    @Override
    public boolean finished() {
        return phase == Phase.DONE;
    }

    @Override
    Results results(String target, String limits) {
        JoinStats joined = join.stats();
        if (from == null) from = joinStart;
        if (to == null) to = meter.take();
        Usage usage = meter.between(from, to);
        if (!joined.complete()) return new Results(plan, target, limits, joined, null, null, usage);
        FlowStats flow = new FlowStats(end - warmEnd, sentMeasured, deliveriesMeasured, latency, sendLag, expected,
                expected - distinct, duplicated, outOfOrder, misdelivered, wire.name().equals("json") ? seqGaps : -1,
                Map.copyOf(refused), disconnected, firstDisconnect, distinct >= expected);
        return new Results(plan, target, limits, joined, flow, null, usage);
    }

    private String progress(long now) {
        String head = plan.workload().word + " " + wire.name();
        String text = switch (phase) {
            case JOINING -> String.format(Locale.ROOT, "%s  joining %s %,d/%,d", head,
                    Status.bar((double) join.joined() / clients.size()), join.joined(), clients.size());
            case RUNNING, DRAINING -> {
                long total = end - (warmEnd - plan.warmup().toNanos());
                long elapsed = now - (warmEnd - plan.warmup().toNanos());
                double perSecond = lastStatus == 0 ? 0 : (distinct - lastDistinct) * 1e9 / (now - lastStatus);
                String stage = phase == Phase.DRAINING ? "draining" : now < warmEnd ? "warm-up" : "measuring";
                yield String.format(Locale.ROOT, "%s  %-9s %s %5.1f/%.1f s  %,12.0f deliveries/s  p99 %s ms", head, stage,
                        Status.bar((double) elapsed / total), Math.min(elapsed, total) / 1e9, total / 1e9, perSecond,
                        latency.getTotalCount() == 0 ? "-" : Latency.ms(latency.getValueAtPercentile(99)));
            }
            case DONE -> head + "  done";
        };
        lastDistinct = distinct;
        lastStatus = now;
        return text;
    }
}

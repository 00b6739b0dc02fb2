package chatroom.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * One run's settings, checked once. {@code port == 0} means: start a server in this JVM.
 *
 * @param workload       what the clients do
 * @param door           {@code json} or {@code plain}
 * @param host           the server's address (ignored in-process)
 * @param port           the server's port, or 0 for an in-process server
 * @param pid            the server's process id, to read its CPU and memory; 0 if not given
 * @param clients        connections, each joined under its own name
 * @param senders        of those, how many send (not for capacity)
 * @param size           bytes of text per message
 * @param window         closed loop: messages per sender not yet received by every other client
 * @param rate           open loop: messages per second per sender; 0 means closed loop
 * @param warmup         sending before the measurement starts
 * @param duration       the measurement
 * @param privatePercent share of messages sent privately (private workload)
 * @param joinParallel   joins under way at once
 * @param joinTimeout    how long all joins may take
 * @param namePrefix     client names are this and a number
 * @param raw            the raw door: what a client sends first, and whether messages go unframed
 */
public record Plan(Workload workload, String door, String host, int port, long pid, int clients, int senders, int size,
        int window, double rate, Duration warmup, Duration duration, int privatePercent, int joinParallel,
        Duration joinTimeout, String namePrefix, RawStyle raw) {

    /** Room for the payload's header (Payload) with generous counters. */
    static final int MIN_SIZE = 48;
    /** The server's default --max-text, in code points; payloads are ASCII. */
    static final int MAX_SIZE = 4096;
    private static final String NAME_PREFIX = "[A-Za-z0-9_.-]{1,20}";

    /** A plan for the json or plain door (the raw style does not apply). */
    public Plan(Workload workload, String door, String host, int port, long pid, int clients, int senders, int size,
            int window, double rate, Duration warmup, Duration duration, int privatePercent, int joinParallel,
            Duration joinTimeout, String namePrefix) {
        this(workload, door, host, port, pid, clients, senders, size, window, rate, warmup, duration, privatePercent,
                joinParallel, joinTimeout, namePrefix, RawStyle.LINES);
    }

    public Plan {
        if (!door.equals("json") && !door.equals("plain") && !door.equals("irc") && !door.equals("raw")) {
            throw new IllegalArgumentException("--door must be json, plain, irc or raw, not " + door);
        }
        if (door.equals("raw") && port == 0) {
            throw new IllegalArgumentException("--door raw is for another server: give its --port (the in-process server is chatroom)");
        }
        if (door.equals("raw") && privatePercent > 0) {
            throw new IllegalArgumentException("--door raw has no private messages: use fanout, latency or capacity");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be from 1 to 65535");
        if (pid < 0) throw new IllegalArgumentException("--pid must be a process id");
        if (pid > 0 && port == 0) throw new IllegalArgumentException("--pid needs --port: an in-process server is measured from inside");
        if (clients < 2) throw new IllegalArgumentException("--clients must be at least 2 (someone to send, someone to receive)");
        if (workload != Workload.CAPACITY && (senders < 1 || senders > clients)) {
            throw new IllegalArgumentException("--senders must be from 1 to --clients (" + clients + ")");
        }
        if (size < MIN_SIZE || size > MAX_SIZE) throw new IllegalArgumentException("--size must be from " + MIN_SIZE + " to " + MAX_SIZE + " bytes");
        if (window < 1) throw new IllegalArgumentException("--window must be at least 1");
        if (!(rate >= 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("--rate must be 0 (closed loop) or more");
        if (warmup.isNegative()) throw new IllegalArgumentException("--warmup must not be negative");
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("--duration must be positive");
        if (privatePercent < 0 || privatePercent > 100) throw new IllegalArgumentException("--private must be from 0 to 100 (per cent)");
        if (joinParallel < 1) throw new IllegalArgumentException("--join-parallel must be at least 1");
        if (joinTimeout.isNegative() || joinTimeout.isZero()) throw new IllegalArgumentException("--join-timeout must be positive");
        if (!namePrefix.matches(NAME_PREFIX)) {
            throw new IllegalArgumentException("--name-prefix must be 1 to 20 letters, digits, _ - or .");
        }
    }

    public boolean inProcess() {
        return port == 0;
    }

    public boolean closedLoop() {
        return rate == 0;
    }

    String name(int client) {
        return namePrefix + client;
    }

    /** One line saying what runs, for the report. */
    String describe() {
        if (workload == Workload.CAPACITY) {
            return String.format(Locale.ROOT, "%s on the %s door: %,d clients join, %d at a time; then one %d-byte probe to all",
                    workload.word, door, clients, joinParallel, size);
        }
        String loop = closedLoop() ? "closed loop, window " + window + " per sender"
                : String.format(Locale.ROOT, "open loop, %s msg/s per sender", trim(rate));
        String rawNote = !door.equals("raw") ? ""
                : raw.unframed() ? " (raw: unframed, the name sent first; approximate: a message the server splits is lost)"
                : raw.name().equals("none") ? " (raw: newline-delimited lines)" : " (raw: lines, the name sent first)";
        String priv = privatePercent > 0 ? ", " + privatePercent + " % private" : "";
        return String.format(Locale.ROOT, "%s on the %s door%s: %,d clients, %d sending %d-byte messages%s, %s; %s measured after %s warm-up",
                workload.word, door, rawNote, clients, senders, size, priv, loop, seconds(duration), seconds(warmup));
    }

    static String seconds(Duration d) {
        return trim(d.toMillis() / 1000.0) + " s";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

package chatroom.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Connects the clients and gets each one's name accepted, with at most {@code parallel}
 * joins under way at once (so the server's accept backlog does not overflow into SYN
 * retries, which would measure the kernel's one-second retry timer rather than the
 * server). Times each client from the start of its connect to its welcome.
 */
final class JoinPhase {
    private final IoLoop io;
    private final List<LoadClient> clients;
    private final Wire wire;
    private final int parallel;
    private final long timeoutNanos;
    private final Histogram times = Latency.histogram();
    private long started = -1;
    private long lastWelcome;
    private int nextToConnect;
    private int underWay;
    private int joined;
    private int failed;
    private String firstFailure;
    private boolean timedOut;

    JoinPhase(IoLoop io, List<LoadClient> clients, Wire wire, int parallel, long timeoutNanos) {
        this.io = io;
        this.clients = clients;
        this.wire = wire;
        this.parallel = parallel;
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts connects while there is room; returns the deadline. */
    long tick(long now) {
        if (started < 0) started = now;
        while (underWay < parallel && nextToConnect < clients.size() && !timedOut) {
            underWay++;
            io.connect(clients.get(nextToConnect++), now);
        }
        if (!done() && now - started > timeoutNanos) timedOut = true;
        return started + timeoutNanos;
    }

    void connected(LoadClient client, long now) {
        byte[] hello = wire.hello(client.name);
        if (hello != null) io.send(client, hello);
        if (wire.joinsOnConnect()) welcomed(client, now);
    }

    /**
     * Takes the lines every workload treats alike: those to a client still joining, and
     * the server's keep-alive pings. True when the line was taken; the workload handles
     * the rest.
     */
    boolean takes(LoadClient client, Wire.Kind kind, byte[] b, int from, int to, long now) {
        if (!client.joined) {
            line(client, kind, b, from, to, now);
            return true;
        }
        if (kind == Wire.Kind.PING) {
            io.send(client, wire.pong());
            return true;
        }
        return false;
    }

    /** A line to a client that has not joined yet. */
    private void line(LoadClient client, Wire.Kind kind, byte[] b, int from, int to, long now) {
        if (kind == Wire.Kind.WELCOME) {
            welcomed(client, now);
        } else if (kind == Wire.Kind.ERROR) {
            fail(client, new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void welcomed(LoadClient client, long now) {
        client.joined = true;
        client.welcomed = now;
        lastWelcome = now;
        times.recordValue(now - client.connectStarted);
        joined++;
        underWay--;
    }

    /** A client's connection ended; true when it had joined (a disconnect, not a failed join). */
    boolean closed(LoadClient client, String why) {
        if (client.joined) return true;
        fail(client, why);
        return false;
    }

    private void fail(LoadClient client, String why) {
        if (!client.closed) client.close();
        if (firstFailure == null) firstFailure = client.name + ": " + why;
        failed++;
        underWay--;
    }

    boolean done() {
        return timedOut || joined + failed == clients.size();
    }

    int joined() {
        return joined;
    }

    JoinStats stats() {
        String failure = firstFailure;
        if (timedOut && failure == null) failure = "not all joined within " + (timeoutNanos / 1_000_000_000) + " s";
        else if (timedOut) failure = failure + "; not all joined within " + (timeoutNanos / 1_000_000_000) + " s";
        return new JoinStats(clients.size(), joined, failed, failure, joined == 0 ? 0 : lastWelcome - started, times);
    }
}

package chatroom.bench;

import java.util.List;

/**
 * What every workload's run has and begins with: the plan, the wire, the clients on the
 * {@link IoLoop}, the meter and status line, and the join phase that connects and names
 * them all. A run then drives its own phases and says its {@link Results}.
 */
abstract class Run implements IoLoop.Driver {
    final Plan plan;
    final Wire wire;
    final IoLoop io;
    final List<LoadClient> clients;
    final JoinPhase join;
    final Meter meter;
    final Status status;
    /** The run's zero (nanoTime): payloads carry times from here. */
    final long base;

    Run(Plan plan, Wire wire, IoLoop io, List<LoadClient> clients, Meter meter, Status status, long base) {
        this.plan = plan;
        this.wire = wire;
        this.io = io;
        this.clients = clients;
        this.meter = meter;
        this.status = status;
        this.base = base;
        this.join = new JoinPhase(io, clients, wire, plan.joinParallel(), plan.joinTimeout().toNanos());
    }

    @Override
    public final void connected(LoadClient client, long now) {
        join.connected(client, now);
    }

    /** What the run measured, against {@code target} with the server's {@code limits} noted. */
    abstract Results results(String target, String limits);
}

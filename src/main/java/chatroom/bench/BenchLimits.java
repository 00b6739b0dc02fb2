package chatroom.bench;

import chatroom.chat.Limits;

/**
 * The limits of the server that the bench starts in its own JVM: the defaults, with what
 * would throttle a benchmark raised, and a note saying so (SPEC §5: tests and
 * benchmarks that need more raise these and say so in their output). This is the one
 * place that builds the {@link Limits} record for the bench.
 */
final class BenchLimits {
    /** Connections beyond the clients, so that a person can still look in during a run. */
    static final int HEADROOM = 100;

    /** @param note what was raised, for "limits raised for the benchmark: …" */
    record Raised(Limits limits, String note) {
    }

    private BenchLimits() {
    }

    /**
     * This build's {@link Limits} has no rate, connection or keep-alive limits yet. When it
     * has them, raise them here and name each in the note, e.g.
     * {@code rate 0 (no limit), max-connections and max-per-address clients + HEADROOM,
     * ping-after and timeout-after 1 h} (idle bench clients do not answer pings), and keep
     * announce-up-to at its default unless a flag asks otherwise. The send queue stays at
     * its default: a bench client that falls behind it should show as a disconnect.
     */
    static Raised forClients(int clients) {
        return new Raised(Limits.DEFAULTS, "none needed (this server has no rate or connection limits)");
    }
}

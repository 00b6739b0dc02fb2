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
     * No message rate limit and connection caps just above the clients; keep-alive needs
     * nothing (idle JSON clients answer the server's {@code ping}); announcements keep
     * their default ({@code --announce-up-to 500}), as the issue measures capacity with
     * defaults; the send queue stays at its default too: a bench client that falls that
     * far behind should show as a disconnect.
     */
    static Raised forClients(int clients) {
        int connections = clients + HEADROOM;
        return new Raised(Limits.DEFAULTS.withoutRateLimit().withMaxConnections(connections, connections),
                "message rate unlimited (--rate 0), --max-connections and --max-per-address " + connections);
    }
}

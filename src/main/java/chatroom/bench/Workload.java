package chatroom.bench;

import java.time.Duration;

/**
 * What the simulated people do. Defaults that differ per workload live here; the flags
 * override them.
 */
enum Workload {
    /** Many in one room, a few sending as fast as the window lets them (or at --rate). */
    FANOUT("fanout", 100, 0, 0, 2),
    /**
     * The same room at a moderate fixed rate: how long a message takes, not how many fit.
     * A longer warm-up: at 500 messages a second the server's JIT is still compiling the
     * delivery path 10 s in, and its compiler threads share the 2 cores with the writers.
     */
    LATENCY("latency", 100, 50, 0, 10),
    /** Many idle clients join; then one message to all of them. */
    CAPACITY("capacity", 5000, 0, 0, 2),
    /** Like fanout, but part of the messages go privately to one random other client. */
    PRIVATE("private", 100, 0, 50, 2);

    final String word;
    final int defaultClients;
    /** Messages per second per sender; 0 means closed loop. */
    final double defaultRate;
    final int defaultPrivatePercent;
    final Duration defaultWarmup;

    Workload(String word, int defaultClients, double defaultRate, int defaultPrivatePercent, int warmupSeconds) {
        this.word = word;
        this.defaultClients = defaultClients;
        this.defaultRate = defaultRate;
        this.defaultPrivatePercent = defaultPrivatePercent;
        this.defaultWarmup = Duration.ofSeconds(warmupSeconds);
    }

    static Workload of(String word) {
        for (Workload w : values()) if (w.word.equals(word)) return w;
        throw new IllegalArgumentException("--workload must be fanout, latency, capacity or private, not " + word);
    }
}

package chatroom.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The message phase of fanout, latency and private runs. Deliveries are receipts by a
 * client other than the sender (first copies only), so the figure compares with servers
 * that do not echo a message to its sender.
 *
 * @param measuredNanos  length of the measurement window (after the warm-up)
 * @param sent           messages sent in the window
 * @param deliveries     deliveries received in the window
 * @param latency        send to receipt, for messages sent in the window (nanoseconds)
 * @param sendLag        open loop: how late the bench wrote each message measured, after it was due (nanoseconds);
 *                       part of {@code latency}, and the bench's doing, not the server's; empty in closed loop
 * @param expected       deliveries owed for every message sent, warm-up included
 * @param lost           of those, never received (after the drain)
 * @param duplicated     copies received more than once
 * @param outOfOrder     messages received after a later one from the same sender
 * @param misdelivered   private messages received by someone they were not for
 * @param seqGaps        JSON door: room numbers skipped between two events a client received; -1 on the plain door
 * @param refused        errors the server sent while messages flowed, by code
 * @param disconnected   clients whose connection ended during the run
 * @param firstDisconnect the first of those, with the reason, or null
 * @param drained        whether every owed delivery arrived before the drain timeout
 */
record FlowStats(long measuredNanos, long sent, long deliveries, Histogram latency, Histogram sendLag, long expected, long lost,
        long duplicated, long outOfOrder, long misdelivered, long seqGaps, Map<String, Long> refused, int disconnected,
        String firstDisconnect, boolean drained) {

    double seconds() {
        return measuredNanos / 1e9;
    }

    /** Whether nothing went wrong with the messages: what the smoke test and exit code check. */
    boolean clean() {
        return lost == 0 && duplicated == 0 && outOfOrder == 0 && misdelivered == 0 && seqGaps <= 0 && refused.isEmpty()
                && disconnected == 0;
    }
}

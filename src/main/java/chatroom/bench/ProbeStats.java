package chatroom.bench;

import org.HdrHistogram.Histogram;

/**
 * The capacity run's probe: one room message sent once everyone had joined.
 *
 * @param receivers   clients that should receive it (everyone joined but the sender)
 * @param received    clients that did
 * @param allNanos    from sending to the last receipt; -1 if not everyone received it
 * @param perClient   each receiver's time from sending to receipt
 */
record ProbeStats(int receivers, int received, long allNanos, Histogram perClient) {
}

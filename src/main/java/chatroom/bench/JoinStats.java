package chatroom.bench;

import org.HdrHistogram.Histogram;

/**
 * How joining went.
 *
 * @param clients     clients that tried
 * @param joined      clients welcomed
 * @param failed      clients refused or cut off before their welcome
 * @param failure     the first failure, or null
 * @param totalNanos  from the first connect to the last welcome
 * @param perClient   each client's time from connect to welcome
 */
record JoinStats(int clients, int joined, int failed, String failure, long totalNanos, Histogram perClient) {
    boolean complete() {
        return joined == clients;
    }
}

package chatroom.bench;

import java.util.Map;

/**
 * CPU and memory over a stretch of the run. Any figure not known is -1.
 *
 * @param wallNanos    length of the stretch
 * @param benchCpu     the bench's CPU time in it; {@code benchWhat} says what that covers
 * @param serverCpu    the server's CPU time in it; {@code serverWhat} says how it was measured
 * @param rssBytes     the server's resident memory at the end; {@code rssWhat} says whose
 * @param peakRssBytes the most that was resident at any time
 * @param serverThreads the server's CPU time in it by kind of thread, the busiest first; empty when not known
 */
record Usage(long wallNanos, long benchCpu, String benchWhat, long serverCpu, String serverWhat, long rssBytes,
        long peakRssBytes, String rssWhat, Map<String, Long> serverThreads) {

    /** CPU time as a share of one core over the stretch, in per cent. */
    double percentOfCore(long cpuNanos) {
        return wallNanos <= 0 || cpuNanos < 0 ? -1 : 100.0 * cpuNanos / wallNanos;
    }
}

package chatroom.chat;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One heavy-request bucket per remote address, shared by all its connections: a hundred
 * connections from one address (what {@code --max-per-address} allows) get the address's
 * budget, not a hundred budgets. A bucket outlives its last connection until it has
 * refilled, so closing and reconnecting does not buy a fresh one.
 */
final class AddressBudgets {
    private final InstantSource time;
    private final double rate;
    private final int burst;
    private final Map<String, Entry> byHost = new HashMap<>();
    /** Buckets kept after a sweep: the next sweep waits until there are twice as many, so sweeping costs O(1) per connection. */
    private int keptAtSweep;

    private static final class Entry {
        final RateLimiter bucket;
        int connections;

        Entry(RateLimiter bucket) {
            this.bucket = bucket;
        }
    }

    AddressBudgets(InstantSource time, double rate, int burst) {
        this.time = time;
        this.rate = rate;
        this.burst = burst;
    }

    /** A connection from {@code host} arrived: its bucket, shared with the host's other connections. */
    synchronized RateLimiter arrive(String host) {
        Entry e = byHost.get(host);
        if (e == null) {
            if (byHost.size() > 2 * keptAtSweep + 64) sweep();
            e = new Entry(new RateLimiter(time, rate, burst));
            byHost.put(host, e);
        }
        e.connections++;
        return e.bucket;
    }

    /** A connection from {@code host} ended. */
    synchronized void depart(String host) {
        Entry e = byHost.get(host);
        if (e == null) return;
        e.connections--;
        if (e.connections <= 0 && e.bucket.full()) byHost.remove(host);
    }

    /** How many addresses have a bucket (for tests: nothing is kept for ever). */
    synchronized int size() {
        return byHost.size();
    }

    private void sweep() {
        for (Iterator<Entry> it = byHost.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.connections <= 0 && e.bucket.full()) it.remove();
        }
        keptAtSweep = byHost.size();
    }

    /** The host part of a session's address, "127.0.0.1" of "127.0.0.1:53412" (and of "::1:53412", "::1"). */
    static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }
}

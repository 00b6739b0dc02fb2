package chatroom.bench;

import java.util.HashSet;
import java.util.Set;

/**
 * What one client received from each sender, stream by stream (room messages, and private
 * ones to this client), each numbered 0, 1, 2, … by its sender. A receipt is
 * {@link Outcome#IN_ORDER} when it is the next expected; a jump ahead remembers the numbers
 * skipped; a skipped number arriving later is {@link Outcome#LATE} (out of order, but the
 * first copy); anything else already seen is a {@link Outcome#DUPLICATE}. What never
 * arrives is counted as lost at the end, from what was sent.
 */
final class Receipts {
    /** A gap wider than this is not remembered number by number; its late arrivals would count as duplicates. */
    private static final long MAX_REMEMBERED_GAP = 1 << 16;

    enum Outcome { IN_ORDER, LATE, DUPLICATE }

    private final long[] next;
    /** Skipped numbers not yet seen, as (stream slot << 40 | number); empty unless something went wrong. */
    private Set<Long> missing;

    Receipts(int senders) {
        this.next = new long[senders * 2];
    }

    /** The number expected next from this sender in this stream. */
    long next(int stream, int sender) {
        return next[sender * 2 + stream];
    }

    Outcome receive(int stream, int sender, long number) {
        int slot = sender * 2 + stream;
        long expected = next[slot];
        if (number == expected) {
            next[slot] = number + 1;
            return Outcome.IN_ORDER;
        }
        if (number > expected) {
            if (number - expected <= MAX_REMEMBERED_GAP) {
                if (missing == null) missing = new HashSet<>();
                for (long n = expected; n < number; n++) missing.add(key(slot, n));
            }
            next[slot] = number + 1;
            return Outcome.IN_ORDER;
        }
        return missing != null && missing.remove(key(slot, number)) ? Outcome.LATE : Outcome.DUPLICATE;
    }

    private static long key(int slot, long number) {
        return ((long) slot << 40) | number;
    }
}

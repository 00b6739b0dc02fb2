package chatroom.cluster;

import chatroom.chat.StoredEvent;
import chatroom.text.Fold;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Each party's private messages in a cluster, for their {@code /history} and {@code /search}
 * beside a room's messages, as one server's store shows them. A party is who may read a
 * message back (a member's token: an account's identity, a guest's connection). Each party
 * has a sorted set, {@code chatroom:{private}:of:TOKEN}, of the messages it sent or
 * received, scored by its own count ({@code …:count:TOKEN}), written with the private log's
 * entry by one script (the same tag: one shard).
 *
 * <p>A page's cursor holds two bounds in one number a page (JavaScript) reads exactly (53
 * bits): the room's number (31 bits) and the party's count (22 bits); all ones in either
 * means no bound. Pages merge the two newest first by time, and each event's id is the
 * cursor before it: what is older in the room and older among the party's messages than
 * everything shown. So paging loses nothing and shows nothing twice, whichever server's
 * clock was ahead. Exact up to 2 billion events a room and 4 million private messages a
 * person.
 */
final class PrivateIndex {
    private static final int COUNT_BITS = 22;
    private static final long COUNT_ALL = (1L << COUNT_BITS) - 1;
    private static final long SEQ_ALL = (1L << 31) - 1;
    /** A cursor at or above this bounds nothing (the page's "newest" is 2^53 − 1). */
    private static final long CURSOR_ALL = (SEQ_ALL << COUNT_BITS) | COUNT_ALL;
    private static final String TAG = Keys.PREFIX + "{private}:";
    static final String LOG = TAG + "log";
    /** Entries read per round trip. */
    private static final int BATCH = 200;

    /**
     * KEYS: the private log ('' to leave it alone), then each party's count and set; ARGV:
     * the entry. Logged (exported) and indexed for each party in one step.
     */
    private static final String ADD = """
            if KEYS[1] ~= '' then redis.call('XADD', KEYS[1], '*', 'p', ARGV[1]) end
            for i = 2, #KEYS, 2 do
              local n = redis.call('INCR', KEYS[i])
              redis.call('ZADD', KEYS[i + 1], n, ARGV[1])
            end
            return 1
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A private message as the log and the sets keep it. */
    record Entry(long id, long time, String from, List<String> to, String text) {
        StoredEvent event() {
            return StoredEvent.privateMessage(id, Instant.ofEpochMilli(time), from, to, text, List.of()).withId(id);
        }
    }

    /** One of a party's messages and its place among them. */
    record Counted(long n, StoredEvent event) {}

    /** A page: events oldest first, each under the cursor before it; the lowest bounds reached. */
    record Merged(List<StoredEvent> events, long lowestSeq, long lowestCount) {}

    private final Redis redis;

    PrivateIndex(Redis redis) {
        this.redis = redis;
    }

    /** The cursor before room number {@code seq} and party count {@code count} (Long.MAX_VALUE: no bound). */
    static long cursor(long seq, long count) {
        return (Math.min(seq, SEQ_ALL) << COUNT_BITS) | Math.min(count, COUNT_ALL);
    }

    /** A room event's id: the cursor before it, bounding no private message. */
    static long roomId(long seq) {
        return cursor(seq, Long.MAX_VALUE);
    }

    /** The room number a cursor bounds, Long.MAX_VALUE for none. */
    static long seqBound(long cursor) {
        long seq = cursor >= CURSOR_ALL ? SEQ_ALL : cursor >>> COUNT_BITS;
        return seq == SEQ_ALL ? Long.MAX_VALUE : seq;
    }

    /** The party count a cursor bounds, Long.MAX_VALUE for none. */
    static long countBound(long cursor) {
        long count = cursor >= CURSOR_ALL ? COUNT_ALL : cursor & COUNT_ALL;
        return count == COUNT_ALL ? Long.MAX_VALUE : count;
    }

    /** Logs {@code e} (a private message) and indexes it for its parties; throws a RuntimeException when Redis does not take it. */
    void append(StoredEvent e) {
        add(LOG, e);
    }

    /** Indexes {@code e}, logged by another server, for its parties (members here). */
    void alsoFor(StoredEvent e) {
        if (!e.parties().isEmpty()) add("", e);
    }

    private void add(String log, StoredEvent e) {
        List<String> keys = new ArrayList<>(List.of(log));
        for (long party : e.parties()) {
            keys.add(TAG + "count:" + party);
            keys.add(TAG + "of:" + party);
        }
        String entry = json(new Entry(e.privateId(), e.time().toEpochMilli(), e.sender(), e.recipients(), e.text()));
        redis.sync().eval(ADD, ScriptOutputType.INTEGER, keys.toArray(String[]::new), entry);
    }

    /**
     * The party's newest messages below {@code count}, newest first, at most {@code want}
     * of those {@code keep} accepts, looking at no more than {@code maxScan}; {@code notAfter}
     * (null: no limit) leaves out what is newer. {@code scanned} is told how many were looked at.
     */
    List<Counted> below(long party, long count, int want, int maxScan, Instant notAfter, Predicate<StoredEvent> keep,
            int[] scanned) {
        List<Counted> found = new ArrayList<>();
        long bound = count;
        while (found.size() < want && scanned[0] < maxScan && bound > 1) {
            Range<Number> range = bound == Long.MAX_VALUE ? Range.unbounded()
                    : Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(bound));
            List<ScoredValue<String>> batch = redis.sync().zrevrangebyscoreWithScores(TAG + "of:" + party, range,
                    Limit.from(BATCH));
            if (batch.isEmpty()) break;
            for (ScoredValue<String> v : batch) {
                bound = (long) v.getScore();
                StoredEvent e = event(v.getValue());
                if (e == null || (notAfter != null && e.time().isAfter(notAfter))) continue;
                if (scanned[0] == maxScan) break;
                scanned[0]++;
                if (keep.test(e)) {
                    found.add(new Counted(bound, e));
                    if (found.size() == want) break;
                }
            }
            if (batch.size() < BATCH) break;
        }
        return found;
    }

    /** The party's messages holding {@code query} (folded), as {@link #below} finds them. */
    List<Counted> matching(long party, String query, long count, int want, int maxScan, Instant notAfter, int[] scanned) {
        String folded = Fold.of(query);
        return below(party, count, want, maxScan, notAfter, e -> Fold.of(e.text()).contains(folded), scanned);
    }

    /**
     * A room's events and a party's messages, each newest first, merged newest first (the
     * room's first at the same millisecond) up to {@code want}; each under the cursor before it.
     */
    static Merged merge(List<StoredEvent> room, List<Counted> mine, int want, long seqBound, long countBound) {
        List<StoredEvent> out = new ArrayList<>(Math.min(want, room.size() + mine.size()));
        long seq = seqBound;
        long count = countBound;
        int r = 0;
        int p = 0;
        while (out.size() < want && (r < room.size() || p < mine.size())) {
            boolean fromRoom = p == mine.size()
                    || (r < room.size() && !room.get(r).time().isBefore(mine.get(p).event().time()));
            StoredEvent e;
            if (fromRoom) {
                e = room.get(r++);
                seq = e.seq();
            } else {
                Counted c = mine.get(p++);
                e = c.event();
                count = c.n();
            }
            out.add(e.withId(cursor(seq, count)));
        }
        Collections.reverse(out);
        return new Merged(out, seq, count);
    }

    private static StoredEvent event(String json) {
        try {
            return JSON.readValue(json, Entry.class).event();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null; // not one of ours
        }
    }

    /** The private log's entry as an event, or null when it is not one of ours. */
    static StoredEvent logged(String json) {
        return json == null ? null : event(json);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

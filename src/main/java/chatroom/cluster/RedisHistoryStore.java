package chatroom.cluster;

import chatroom.chat.HistoryStore;
import chatroom.chat.Kind;
import chatroom.chat.SearchResult;
import chatroom.chat.StoredEvent;
import chatroom.text.Fold;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The cluster's history, read from Redis: each room's stream (written by the rooms' log
 * script, one entry per number, its id {@code SEQ-0}) and one stream of private messages.
 * A room event's id here is its number, so a page's cursor is a number in its room.
 *
 * <p>Private messages are kept in a log of their own (exported) and in each party's index
 * ({@link PrivateIndex}), which pages and searches them with the room's messages; a room
 * event's id is then the cursor before it, its number and no bound on private messages. Search
 * reads a room's stream backwards, newest first, at most {@code maxScan} messages per
 * request: its cost grows with what it looks at, not with the stream's length.
 */
public final class RedisHistoryStore implements HistoryStore {
    /** Entries read per round trip when paging, searching or exporting. */
    private static final int BATCH = 500;
    /** Entries read to find the first event from a number: a few, in case one is not ours. */
    private static final int FEW = 4;

    private final Redis redis;
    private final boolean owned;
    private final PrivateIndex privates;

    /** Over this server's connection to the cluster (not closed with the store). */
    public RedisHistoryStore(Redis redis) {
        this(redis, false);
    }

    private RedisHistoryStore(Redis redis, boolean owned) {
        this.redis = redis;
        this.owned = owned;
        this.privates = new PrivateIndex(redis);
    }

    /** A store of its own on the cluster at {@code address} ({@code chatroom history --cluster}), closed with it. */
    public static HistoryStore open(String address) throws IOException {
        return new RedisHistoryStore(Redis.connect(address, System.getenv(Redis.PASSWORD_VARIABLE)), true);
    }

    @Override
    public long append(StoredEvent e) throws IOException {
        if (e.kind() != Kind.PRIVATE) throw new IOException("a room's events are stored by its log, not appended here");
        try {
            privates.append(e);
            return e.privateId();
        } catch (RuntimeException failed) {
            throw new IOException("the cluster's Redis did not take it: " + Redis.reason(failed), failed);
        }
    }

    @Override
    public void alsoFor(StoredEvent e) throws IOException {
        try {
            privates.alsoFor(e);
        } catch (RuntimeException failed) {
            throw new IOException("the cluster's Redis did not take it: " + Redis.reason(failed), failed);
        }
    }

    @Override
    public CompletableFuture<Long> queue(StoredEvent e) {
        try {
            return CompletableFuture.completedFuture(append(e));
        } catch (IOException failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    @Override
    public void commit() {
        // Every append is its own command: nothing waits to be committed.
    }

    @Override
    public long lastSeq(String room) {
        return number(read(() -> redis.sync().get(Keys.of(room).seq())));
    }

    @Override
    public long lastPrivateId() {
        return number(read(() -> redis.sync().get(RedisPeers.PRIVATE_IDS)));
    }

    @Override
    public List<StoredEvent> before(String room, long beforeId, int limit, long viewer) {
        int want = Math.min(limit, MAX_PAGE);
        long seqBound = PrivateIndex.seqBound(beforeId);
        List<StoredEvent> inRoom = messages(room, 0, seqBound, want, true);
        if (viewer == 0) return inRoom; // nobody's private messages: a room's past for a joiner
        long countBound = PrivateIndex.countBound(beforeId);
        List<PrivateIndex.Counted> mine = read(() -> privates.below(viewer, countBound, want, Integer.MAX_VALUE,
                notAfter(room, seqBound, countBound), e -> true, new int[1]));
        return PrivateIndex.merge(inRoom.reversed(), mine, want, seqBound, countBound).events();
    }

    /**
     * With a room bound and none on private messages (a cursor from a room's replay), the
     * private messages said after the room's event there were seen live: left out.
     */
    private Instant notAfter(String room, long seqBound, long countBound) {
        if (countBound != Long.MAX_VALUE || seqBound == Long.MAX_VALUE) return null;
        StoredEvent at = firstFrom(room, seqBound);
        return at == null || at.seq() != seqBound ? null : at.time();
    }

    @Override
    public List<StoredEvent> messages(String room, long afterSeq, long beforeSeq, int limit, boolean newest) {
        int want = Math.min(limit, MAX_PAGE);
        List<StoredEvent> found = new ArrayList<>(want);
        // Joins and leaves are in the same stream: read on in batches until enough messages or the end of the stretch.
        long next = newest ? beforeSeq : afterSeq;
        while (found.size() < want && (newest ? next > afterSeq + 1 : next < beforeSeq - 1)) {
            List<StoredEvent> batch = newest ? backwards(room, next, BATCH) : forwards(room, next + 1, BATCH);
            if (batch.isEmpty()) break;
            for (StoredEvent e : batch) {
                if (newest ? e.seq() <= afterSeq : e.seq() >= beforeSeq) break;
                if (e.kind() == Kind.MESSAGE && found.size() < want) found.add(e);
            }
            next = batch.getLast().seq();
        }
        if (newest) Collections.reverse(found);
        return found;
    }

    @Override
    public StoredEvent firstFrom(String room, long seq) {
        List<StoredEvent> read = forwards(room, Math.max(1, seq), FEW);
        return read.isEmpty() ? null : read.getFirst();
    }

    @Override
    public List<StoredEvent> after(String room, long afterSeq, int limit) {
        return forwards(room, afterSeq + 1, Math.min(limit, MAX_PAGE));
    }

    @Override
    public SearchResult search(Collection<String> rooms, String query, long viewer, long beforeId, int limit, int maxScan) {
        if (query.isEmpty()) throw new IllegalArgumentException("an empty search would match everything");
        long seqBound = PrivateIndex.seqBound(beforeId);
        SearchResult inRooms = searchRooms(rooms, query, seqBound, limit, maxScan);
        long countBound = PrivateIndex.countBound(beforeId);
        if (viewer == 0) {
            return inRooms.stopped() ? new SearchResult(inRooms.events(), true, inRooms.scanned(),
                    PrivateIndex.cursor(inRooms.resumeBefore(), countBound)) : inRooms;
        }
        int want = Math.min(limit, MAX_PAGE);
        int[] scanned = {0};
        Instant notAfter = rooms.size() == 1 ? notAfter(rooms.iterator().next(), seqBound, countBound) : null;
        List<PrivateIndex.Counted> mine = read(() -> privates.matching(viewer, query, countBound, want, maxScan, notAfter,
                scanned));
        List<StoredEvent> roomNewestFirst = new ArrayList<>(inRooms.events());
        Collections.reverse(roomNewestFirst);
        PrivateIndex.Merged merged = PrivateIndex.merge(roomNewestFirst, mine, want, seqBound, countBound);
        boolean privatesStopped = scanned[0] == maxScan;
        if (!inRooms.stopped() && !privatesStopped) return SearchResult.complete(merged.events());
        // Each part goes on from where it stopped looking, or from the oldest it showed.
        long seq = inRooms.stopped() ? Math.min(inRooms.resumeBefore(), merged.lowestSeq()) : merged.lowestSeq();
        long count = privatesStopped ? Math.min(mine.isEmpty() ? countBound : mine.get(mine.size() - 1).n(),
                merged.lowestCount()) : merged.lowestCount();
        return new SearchResult(merged.events(), true, inRooms.scanned() + scanned[0], PrivateIndex.cursor(seq, count));
    }

    /** Matches among the messages of {@code rooms} numbered below {@code seqBound}; a stopped one resumes before a number. */
    private SearchResult searchRooms(Collection<String> rooms, String query, long seqBound, int limit, int maxScan) {
        String folded = Fold.of(query);
        int want = Math.min(limit, MAX_PAGE);
        List<StoredEvent> found = new ArrayList<>();
        int scanned = 0;
        long resume = 0;
        for (String room : rooms) { // a member searches the room they are in: one room, whose numbers are the ids
            long below = seqBound;
            while (found.size() < want && below > 1) {
                List<StoredEvent> batch = backwards(room, below, BATCH);
                if (batch.isEmpty()) break;
                for (StoredEvent e : batch) {
                    below = e.seq();
                    if (e.kind() != Kind.MESSAGE) continue;
                    if (scanned == maxScan) {
                        Collections.reverse(found);
                        return new SearchResult(found, true, scanned, resume);
                    }
                    scanned++;
                    resume = e.seq();
                    if (Fold.of(e.text()).contains(folded)) {
                        found.add(e);
                        if (found.size() == want) break;
                    }
                }
            }
        }
        Collections.reverse(found);
        return SearchResult.complete(found);
    }

    @Override
    public int readers() {
        return 4; // one connection serves many reads at once
    }

    @Override
    public void export(String room, Instant since, Consumer<StoredEvent> sink) throws IOException {
        try {
            List<String> rooms = room == null ? List.copyOf(rooms()) : List.of(room);
            for (String r : rooms) {
                long from = 1;
                while (true) {
                    List<StoredEvent> batch = forwards(r, from, BATCH);
                    for (StoredEvent e : batch) if (since == null || !e.time().isBefore(since)) sink.accept(e);
                    if (batch.size() < BATCH) break;
                    from = batch.get(batch.size() - 1).seq() + 1;
                }
            }
            if (room == null) exportPrivate(since, sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void exportPrivate(Instant since, Consumer<StoredEvent> sink) {
        String from = "-";
        while (true) {
            String start = from;
            List<StreamMessage<String, String>> batch = read(() -> redis.sync().xrange(PrivateIndex.LOG, Range.create(start, "+"),
                    Limit.from(BATCH)));
            for (StreamMessage<String, String> m : batch) {
                if (m.getId().equals(start)) continue;
                StoredEvent e = PrivateIndex.logged(m.getBody().get("p"));
                if (e == null) continue; // not one of ours
                if (since == null || !e.time().isBefore(since)) sink.accept(e);
            }
            if (batch.size() < BATCH) return;
            from = batch.get(batch.size() - 1).getId();
        }
    }

    @Override
    public Set<String> rooms() {
        Set<String> rooms = new TreeSet<>();
        ScanArgs match = ScanArgs.Builder.matches(Keys.PREFIX + "{*}:log").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScanCursor at = cursor;
            KeyScanCursor<String> page = read(() -> redis.sync().scan(at, match));
            for (String key : page.getKeys()) {
                String room = key.substring(key.indexOf('{') + 1, key.lastIndexOf('}'));
                if (room.startsWith("#")) rooms.add(room);
            }
            cursor = page;
        } while (!cursor.isFinished());
        return rooms;
    }

    /** Events of {@code room} numbered below {@code below}, newest first, at most {@code count}. */
    private List<StoredEvent> backwards(String room, long below, int count) {
        String to = below == Long.MAX_VALUE ? "+" : (below - 1) + "-0";
        return events(room, read(() -> redis.sync().xrevrange(Keys.of(room).log(), Range.create("-", to), Limit.from(count))));
    }

    /** Events of {@code room} from number {@code from} on, oldest first, at most {@code count}. */
    private List<StoredEvent> forwards(String room, long from, int count) {
        return events(room, read(() -> redis.sync().xrange(Keys.of(room).log(), Range.create(from + "-0", "+"), Limit.from(count))));
    }

    private static List<StoredEvent> events(String room, List<StreamMessage<String, String>> read) {
        List<StoredEvent> events = new ArrayList<>(read.size());
        for (StreamMessage<String, String> m : read) {
            long seq = Keys.seqOf(m.getId());
            try {
                events.add(WireEvent.parse(m.getBody().get("e")).in(room, seq).withId(PrivateIndex.roomId(seq)));
            } catch (IllegalArgumentException | NullPointerException e) {
                // not one of ours: the number stays a gap in the history
            }
        }
        return events;
    }

    /** A read; Redis not answering is an UncheckedIOException, as a store that cannot be read. */
    private static <T> T read(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            if (e instanceof UncheckedIOException u) throw u;
            throw new UncheckedIOException(new IOException("the cluster's Redis does not answer: " + Redis.reason(e), e));
        }
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public void close() {
        if (owned) redis.close();
    }
}

package chatroom.chat;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the chat's events are kept for replay, paging, search and export (issue 5). The
 * chat rules see only this interface, so another store (PostgreSQL) can stand in.
 * Reads are thread-safe and never wait for the writer.
 */
public interface HistoryStore extends AutoCloseable {
    /** Most events any one read returns, whatever the caller asks. */
    int MAX_PAGE = 200;

    /**
     * Stores {@code e} (its id is ignored) and returns the id it got. When it returns the
     * event is committed: durable against a process crash, and against power loss too when
     * the store forces its commits. Thread-safe; callers at the same moment share one
     * commit. Throws IOException when the event cannot be stored (a full disk, a closed
     * store): then the caller refuses the message.
     */
    long append(StoredEvent e) throws IOException;

    /**
     * Queues {@code e} to be stored without committing it; the future completes with its id
     * once it is committed (by {@link #commit} or by any append), or fails when it cannot be
     * stored. Events are committed in the order queued. For a caller that numbers events
     * under a lock and must not hold the lock through the commit: the embedded room log
     * ({@link EmbeddedRoomLog}).
     */
    CompletableFuture<Long> queue(StoredEvent e);

    /** Commits what is queued, unless someone else is committing: then they take it along. */
    void commit();

    /**
     * A private message another server of a cluster stored, delivered here to the members
     * whose tokens are its {@code parties}: kept where their {@code /history} and
     * {@code /search} find it. A store of one server is never asked.
     */
    default void alsoFor(StoredEvent privateMessage) throws IOException {}

    /** Highest seq stored for a room (0 if none), so numbering continues after a restart. */
    long lastSeq(String room);

    long lastPrivateId();

    /**
     * The newest {@code limit} (at most {@link #MAX_PAGE}) events with id below
     * {@code beforeId} ({@code Long.MAX_VALUE} = latest) among the MESSAGE events of
     * {@code room} and the PRIVATE events whose parties include {@code viewer}; oldest first.
     * The limit counts both kinds, so the oldest id returned is the next page's {@code beforeId}.
     */
    List<StoredEvent> before(String room, long beforeId, int limit, long viewer);

    default List<StoredEvent> latest(String room, int limit, long viewer) {
        return before(room, Long.MAX_VALUE, limit, viewer);
    }

    /** Room events (all kinds) of {@code room} with seq above {@code afterSeq}, oldest first, at most {@code limit} (≤ 200). */
    List<StoredEvent> after(String room, long afterSeq, int limit);

    /**
     * The MESSAGE events of {@code room} numbered strictly between {@code afterSeq} and
     * {@code beforeSeq}, at most {@code limit} (≤ {@link #MAX_PAGE}) of them: the newest of
     * that stretch when {@code newest}, else the oldest; oldest first. Paging by the room's
     * numbers, either way (IRC's CHATHISTORY).
     */
    List<StoredEvent> messages(String room, long afterSeq, long beforeSeq, int limit, boolean newest);

    /** The first stored event of {@code room} (any kind) numbered {@code seq} or above, or null when there is none. */
    StoredEvent firstFrom(String room, long seq);

    /**
     * The number of the first event of {@code room} stored at or after {@code time} (one
     * above the last when none is): a binary search by {@link #firstFrom}, a few dozen
     * indexed reads in the largest room. Times are taken to rise with the numbers, as they
     * do when the clocks of those numbering agree.
     */
    default long seqAt(String room, Instant time) {
        long low = 1;
        long high = lastSeq(room) + 1;
        while (low < high) {
            long mid = low + (high - low) / 2;
            StoredEvent e = firstFrom(room, mid);
            if (e == null || !e.time().isBefore(time)) {
                high = mid;
            } else {
                low = e.seq() + 1;
            }
        }
        return low;
    }

    /**
     * MESSAGE events in any of {@code rooms} and PRIVATE events visible to {@code viewer}
     * whose text contains {@code query} ignoring case (Unicode full case folding, as
     * the SQLite store's {@code Fold} does); the newest {@code limit} (≤ 200) with id below {@code beforeId}, oldest
     * first. An empty query is refused (IllegalArgumentException): it would match everything.
     */
    default List<StoredEvent> search(Collection<String> rooms, String query, long viewer, long beforeId, int limit) {
        return search(rooms, query, viewer, beforeId, limit, Integer.MAX_VALUE).events();
    }

    /**
     * As {@link #search(Collection, String, long, long, int)}, looking at no more than
     * {@code maxScan} messages, so that a search costs the same in a room of a million
     * messages as in one of ten thousand; when it stops there the result says so. A store
     * whose searches are cheap anyway may look at everything.
     */
    SearchResult search(Collection<String> rooms, String query, long viewer, long beforeId, int limit, int maxScan);

    /** How many reads this store runs at once: the rules give it that many threads. */
    default int readers() {
        return 1;
    }

    /** Every event of {@code room} (all rooms and private messages when null) from {@code since} on (null: all), in id order. */
    void export(String room, Instant since, Consumer<StoredEvent> sink) throws IOException;

    /** Names of rooms that have stored events. */
    Set<String> rooms();

    /** Stops taking events, waits for those already taken to be committed, and releases the file. */
    @Override
    void close() throws IOException;

    /** No history: for a chat whose only record is its log (tests of the chat rules alone). */
    static HistoryStore none() {
        return NoHistory.INSTANCE;
    }
}

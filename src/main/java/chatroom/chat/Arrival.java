package chatroom.chat;

import chatroom.chat.Event.History;
import chatroom.chat.Event.Refused;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * A member's welcome to a room and its replay, as one block: the welcome made as the join
 * is numbered (so it is the room at that number), the replay read before the room's lock
 * and topped up in the join's turn with what was said between that read and the join. To
 * one more of the member's connections when {@code connection} is not null.
 */
final class Arrival {
    /** What a member entering a room is told when its past cannot be read: no SQLite words, and what still works. */
    static final String PAST_UNREADABLE =
            "the server cannot read its message history right now, so earlier messages are not shown; chatting works as usual";

    private final Room room;
    private final HistoryStore store;
    private final Member member;
    private final Session connection;
    private volatile boolean arrived;
    private final LongFunction<Event> welcome;
    private final List<StoredEvent> past;
    private final long saidBefore;
    private final Room.Replay replay;
    private Event greeting;
    private long joinSeq;

    /**
     * Under the room's lock: {@code past} is {@link #readEarly}'s answer and {@code saidBefore}
     * the number of the room's last message before the join.
     */
    Arrival(Room room, HistoryStore store, Member member, Session connection, LongFunction<Event> welcome,
            List<StoredEvent> past, long saidBefore, Room.Replay replay) {
        this.room = room;
        this.store = store;
        this.member = member;
        this.connection = connection;
        this.welcome = welcome;
        this.past = past;
        this.saidBefore = saidBefore;
        this.replay = replay;
    }

    /**
     * The replay, read before taking the room's lock so a join does not hold up the room for a
     * query; null when the store cannot be read. Only the room's own messages: one's private
     * messages belong to no room, and would come back in every room entered.
     */
    static List<StoredEvent> readEarly(HistoryStore store, String room, Room.Replay replay) {
        return replay.count() > 0 ? read(() -> store.latest(room, replay.count(), Member.NOBODY)) : List.of();
    }

    /** Under the room's lock, with the join's number (the last number, for a join not numbered). */
    void numbered(long seq) {
        joinSeq = seq;
        greeting = welcome.apply(seq);
    }

    /** In the join's turn: the greeting and the replay, as one block. */
    void go() {
        member.arrive(() -> {
            if (connection != null && !member.connections().add(connection)) return; // the member is leaving
            arrived = true;
            Session to = connection != null ? connection : member.session();
            to.deliver(greeting);
            replay(to);
        });
    }

    /** Whether it reached the member (false: the member was leaving). */
    boolean arrived() {
        return arrived;
    }

    /**
     * The joiner's replay: what was read before the lock, and the messages up to
     * {@code saidBefore} (the room's last message before the join) that it lacks.
     */
    private void replay(Session to) {
        List<StoredEvent> past = this.past;
        // A shared log's other servers may have numbered messages since the early read: look every time.
        if (past != null && replay.count() > 0 && (room.sharedLog() || saidBefore > lastSeq(past))) {
            long read = lastSeq(past);
            List<StoredEvent> after = read(() -> store.after(room.name(), read, HistoryStore.MAX_PAGE));
            if (after == null) {
                past = null;
            } else {
                List<StoredEvent> since = new ArrayList<>();
                for (StoredEvent e : after) if (e.seq() < joinSeq) since.add(e);
                past = joined(past, since, replay.count());
            }
        }
        member.historyCursor(room, Long.MAX_VALUE);
        if (past == null) { // the store could not be read: the member is in, without the past
            to.deliver(new Refused(ErrorCode.HISTORY_UNAVAILABLE, PAST_UNREADABLE, null));
            return;
        }
        if (past.isEmpty()) return; // a room without a past is entered without a word about it
        Past.Page page = Past.Page.of(past, replay.count(), replay.budget());
        member.historyCursor(room, page.cursor());
        to.deliver(new History(room.name(), page.messages(), page.more(), page.cursor(), replay.replyTo()));
    }

    /** A read of the room's past, or null when the store cannot be read (it has said so on the console). */
    private static List<StoredEvent> read(Supplier<List<StoredEvent>> read) {
        try {
            return read.get();
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static long lastSeq(List<StoredEvent> events) {
        long last = 0;
        for (StoredEvent e : events) last = Math.max(last, e.seq());
        return last;
    }

    /** The replay read before the lock, with the messages numbered since, keeping the newest {@code count}. */
    private static List<StoredEvent> joined(List<StoredEvent> before, List<StoredEvent> since, int count) {
        List<StoredEvent> all = new ArrayList<>(before);
        long last = lastSeq(before);
        for (StoredEvent e : since) {
            if (e.kind() == Kind.MESSAGE && e.seq() > last) all.add(e);
        }
        return all.size() > count ? all.subList(all.size() - count, all.size()) : all;
    }
}

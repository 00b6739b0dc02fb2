package chatroom.chat;

import chatroom.chat.Event.*;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * A room: its members and its numbered, ordered events. One lock per room makes
 * numbering, writing the log line and queueing for the store one step; the event then
 * goes out through the room's {@link Sequencer} once stored, in number order, to the
 * members there at its number. So every member sees the same order and nothing is seen
 * before it is recorded (in the log and in the history store), while the commit itself
 * happens outside the lock, shared by whatever the room numbered meanwhile.
 *
 * <p>In a room of more than {@code announceUpTo} members (counting the one joining or
 * leaving), joins and leaves are logged but neither told, stored nor numbered: the
 * numbers stay those of what members see, without gaps.
 *
 * <p>A room that empties is closed and forgotten by the {@link Manager} (its history
 * stays in the store, and its numbers continue from there when it opens again); someone
 * who finds it closed looks it up again.
 */
final class Room {
    private final String name;
    private final Clock clock;
    private final Recorder recorder;
    private final HistoryStore store;
    private final Issued issued;
    private final int announceUpTo;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Member> members = new LinkedHashSet<>();
    /** The members as an array, replaced (never changed) on every join and leave: an event goes to those there at its number. */
    private Member[] audience = new Member[0];
    private volatile long seq;
    /** The number of the room's last message, under the lock: whether a joiner's replay must be read again. */
    private long lastSaid;
    private boolean closed;
    private final Sequencer pipeline;

    /**
     * Numbering goes on after the higher of the store's last number and the last one
     * issued (in the log, or before the room last closed). Throws UncheckedIOException
     * when the store cannot be read: a room that cannot know its last number stays shut.
     */
    Room(String name, Clock clock, Recorder recorder, HistoryStore store, Issued issued, int announceUpTo) {
        this.name = name;
        this.clock = clock;
        this.recorder = recorder;
        this.store = store;
        this.issued = issued;
        this.announceUpTo = announceUpTo;
        this.seq = Math.max(store.lastSeq(name), issued.lastSeq(name));
        this.pipeline = new Sequencer(store);
    }

    String name() {
        return name;
    }

    /**
     * Adds a member: the welcome, then the replay of the room's last messages, reach them
     * before any later room event. False when the room was closed meanwhile (the caller
     * finds or opens it again). Returns once the join has gone out.
     */
    boolean add(Member member, LongFunction<Event> welcome, Replay replay) {
        // The replay is read before taking the lock, so a join does not hold up the room
        // for a query. It may miss the last messages (numbered but not yet committed, or
        // said since): those are read when the join goes out, by which time everything
        // numbered before it is stored.
        // Only the room's own messages: one's private messages belong to no room, and would
        // come back in every room entered (they are in /history and /search).
        List<StoredEvent> past = replay.count() > 0 ? readPast(() -> store.latest(name, replay.count(), Member.NOBODY)) : List.of();
        Sequencer.Step step;
        lock.lock();
        try {
            if (closed) return false;
            Member[] before = audience;
            CompletableFuture<Long> stored = Sequencer.NOT_STORED;
            Runnable unstored = () -> { };
            Joined joined = null;
            if (members.size() + 1 <= announceUpTo) {
                joined = new Joined(name, seq + 1, clock.instant(), member.name());
                recordAnyway(joined.time(), LogLines.of(joined, member.session().address()));
                stored = store.queue(StoredEvent.join(name, joined.seq(), joined.time(), member.name()));
                unstored = unstoredNote(joined.seq(), "join");
                seq++;
            } else {
                Joined quiet = new Joined(name, LogLines.UNNUMBERED, clock.instant(), member.name());
                recordAnyway(quiet.time(), LogLines.of(quiet, member.session().address()));
            }
            members.add(member);
            audience = members.toArray(Member[]::new);
            member.room(this);
            long joinSeq = seq;
            Event greeting = welcome.apply(joinSeq);
            Joined announced = joined;
            long saidBefore = lastSaid;
            step = pipeline.addRegardless(stored, unstored, () -> {
                if (announced != null) tell(before, announced);
                member.arrive(() -> {
                    member.session().deliver(greeting);
                    enter(member, past, saidBefore, joinSeq, replay);
                });
            });
        } finally {
            lock.unlock();
        }
        pipeline.finish(step); // a join goes ahead even if the store could not take it
        return true;
    }

    /**
     * The joiner's replay: what was read before the lock, and the messages up to
     * {@code saidBefore} (the room's last message before the join) that it lacks.
     */
    private void enter(Member member, List<StoredEvent> past, long saidBefore, long joinSeq, Replay replay) {
        if (past != null && replay.count() > 0 && saidBefore > lastSeq(past)) {
            long read = lastSeq(past);
            List<StoredEvent> after = readPast(() -> store.after(name, read, HistoryStore.MAX_PAGE));
            if (after == null) {
                past = null;
            } else {
                List<StoredEvent> since = new ArrayList<>();
                for (StoredEvent e : after) if (e.seq() < joinSeq) since.add(e);
                past = joined(past, since, replay.count());
            }
        }
        member.historyCursor(Long.MAX_VALUE);
        if (past == null) { // the store could not be read: the member is in, without the past
            member.session().deliver(new Refused(ErrorCode.HISTORY_UNAVAILABLE, PAST_UNREADABLE, null));
            return;
        }
        if (past.isEmpty()) return; // a room without a past is entered without a word about it
        Past.Page page = Past.Page.of(past, replay.count(), replay.budget());
        member.historyCursor(page.cursor());
        member.session().deliver(new History(name, page.messages(), page.more(), page.cursor(), replay.replyTo()));
    }

    /** What a member entering a room is told when its past cannot be read: no SQLite words, and what still works. */
    static final String PAST_UNREADABLE =
            "the server cannot read its message history right now, so earlier messages are not shown; chatting works as usual";

    /** A read of the room's past, or null when the store cannot be read (it has said so on the console). */
    private static List<StoredEvent> readPast(Supplier<List<StoredEvent>> read) {
        try {
            return read.get();
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** How much history a joining member is shown: {@code count} messages within {@code budget} weight. */
    record Replay(int count, int budget, String replyTo) {}

    /**
     * Removes a member and tells the room why; the leaver hears it too when it was their
     * choice to quit. Returns true when the room is now empty and was closed.
     */
    boolean remove(Member member, LeaveReason reason, String movedTo) {
        return remove(member, reason, movedTo, () -> { });
    }

    /**
     * As {@link #remove(Member, LeaveReason, String)}, running {@code numbered} once the leave
     * has its number and before it goes out (also when the member was not here).
     */
    boolean remove(Member member, LeaveReason reason, String movedTo, Runnable numbered) {
        Sequencer.Step step;
        boolean nowClosed;
        lock.lock();
        try {
            if (!members.contains(member)) {
                numbered.run();
                return false;
            }
            members.remove(member);
            audience = members.toArray(Member[]::new);
            if (members.size() + 1 > announceUpTo) {
                Left quiet = new Left(name, LogLines.UNNUMBERED, clock.instant(), member.name(), reason, movedTo);
                recordAnyway(quiet.time(), LogLines.of(quiet, member.session().address()));
                step = pipeline.addRegardless(Sequencer.NOT_STORED, () -> { }, () -> { }); // the quitter's confirmation is the connection closing
            } else {
                Left left = new Left(name, seq + 1, clock.instant(), member.name(), reason, movedTo);
                recordAnyway(left.time(), LogLines.of(left, member.session().address()));
                CompletableFuture<Long> stored = store.queue(
                        StoredEvent.leave(name, left.seq(), left.time(), member.name(), left.why()));
                seq++;
                Member[] rest = audience;
                step = pipeline.addRegardless(stored, unstoredNote(left.seq(), "leave"), () -> {
                    tell(rest, left);
                    if (reason == LeaveReason.QUIT) member.session().deliver(left);
                });
            }
            nowClosed = closeIfEmpty();
        } finally {
            lock.unlock();
        }
        numbered.run();
        // Waits for the leave to go out, so a quitter's own leave is queued before its connection closes.
        pipeline.finish(step);
        return nowClosed;
    }

    /** Under the lock: an empty room other than the lobby closes, so it stops counting against the limit. */
    private boolean closeIfEmpty() {
        closed = members.isEmpty() && !name.equals(Manager.LOBBY);
        if (closed) issued.note(name, seq); // the store may lack the last numbers (it refused them): they stay used
        return closed;
    }

    /** Notes in the log that a join or leave went ahead without the store, which is why the history lacks its number. */
    private Runnable unstoredNote(long number, String what) {
        return () -> recordAnyway(clock.instant(), LogLines.unstored(name, number, what));
    }

    /**
     * Numbers, records and queues a message for the store; it goes out to everyone in the
     * room at its number once stored, then {@code accepted} runs (the sender's
     * acknowledgement comes after its own copy). If the store cannot take it nobody sees
     * it and {@code unstored} runs instead. Null when the sender is no longer in the room
     * (a line still in flight as they were removed). Does not wait for the message to go
     * out: the returned step's {@code out()} completes then.
     */
    Sequencer.Step say(Member from, String text, Consumer<RoomMessage> accepted, Runnable unstored) throws IOException {
        Sequencer.Step step;
        lock.lock();
        try {
            if (!members.contains(from)) return null;
            RoomMessage message = new RoomMessage(name, seq + 1, clock.instant(), from.name(), text);
            recorder.record(message.time(), LogLines.of(message));
            CompletableFuture<Long> stored = store.queue(
                    StoredEvent.message(name, message.seq(), message.time(), from.name(), text));
            seq++;
            lastSaid = message.seq();
            Member[] to = audience;
            step = pipeline.add(stored, () -> {
                tell(to, message);
                accepted.accept(message);
            }, () -> {
                // The log has it, the store has not, nobody saw it: say why the log holds a number nobody got.
                recordAnyway(clock.instant(), LogLines.unstored(name, message.seq()));
                unstored.run();
            });
        } finally {
            lock.unlock();
        }
        pipeline.dispatch(step);
        return step;
    }

    /**
     * Whether {@code member} is here, for code running under this room's lock (a welcome
     * made as its join is numbered): the answer is the room as of the number being given.
     */
    boolean holdsUnderLock(Member member) {
        assert lock.isHeldByCurrentThread();
        return members.contains(member);
    }

    /** The members' names in the order of their name keys, as every list of people is shown. */
    List<String> names() {
        return names(Integer.MAX_VALUE);
    }

    /** The first {@code most} of {@link #names()}. */
    List<String> names(int most) {
        lock.lock();
        try {
            List<Member> sorted = new ArrayList<>(members);
            sorted.sort(java.util.Comparator.comparing(m -> m.key()));
            List<String> names = new ArrayList<>(Math.min(most, sorted.size()));
            for (Member m : sorted) {
                if (names.size() >= most) break;
                names.add(m.name());
            }
            return names;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return members.size();
        } finally {
            lock.unlock();
        }
    }

    /** One {@link Outgoing} for everyone, so each door encodes the event once, not once per member. */
    private static void tell(Member[] to, Event event) {
        Outgoing outgoing = new Outgoing(event);
        for (Member m : to) m.session().deliver(outgoing);
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

    /**
     * Joins and leaves happen whether or not they can be written down: a leave cannot
     * be refused, and refusing a join would not protect any message.
     */
    private void recordAnyway(Instant time, String line) {
        try {
            recorder.record(time, line);
        } catch (IOException e) {
            // The recorder reports its own failures; messages are what it protects.
        }
    }
}

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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A room: its members and its numbered, ordered events. One lock per room makes deciding
 * an event (who is here at its number, the welcome listing them) and appending it to the
 * room's {@link RoomLog} one step; the log numbers it, stores it and publishes it in
 * number order once stored (see {@link RoomLog} for the contract and {@link EmbeddedRoomLog}
 * for who does what on which thread). So every member sees the same order and nothing is
 * seen before it is recorded (in the log and in the history store), while storing happens
 * outside the lock, shared by whatever the room numbered meanwhile.
 *
 * <p>In a room of more than {@code announceUpTo} members (counting the one joining or
 * leaving), joins and leaves are logged but neither told, stored nor numbered: the
 * numbers stay those of what members see, without gaps.
 *
 * <p>A room that empties is closed and forgotten by {@link OpenRooms} (its history
 * stays in the store, and its numbers continue from there when it opens again); someone
 * who finds it closed looks it up again. A joiner's welcome and replay are an
 * {@link Arrival}; the log's entries are {@link Said}, {@link Joining} and {@link Leaving}.
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
    /**
     * The members as of the last event published (set in each join's and leave's turn):
     * who hears an event another server appended (a shared log's {@link RoomLog.Heard}).
     */
    private volatile Member[] told = new Member[0];
    /** The number of the room's last message, under the lock: whether a joiner's replay must be read again. */
    private long lastSaid;
    private boolean closed;
    private final RoomLog log;
    /** This room alone, as a member's rooms: shared by everyone in no other room, so an idle member costs no array. */
    private final Room[] alone = {this};

    /**
     * Numbering goes on after the higher of the log's last number and the last one issued
     * (in the server log, or before the room last closed). {@code store} serves the
     * joiners' replays. Throws UncheckedIOException when the log cannot be read: a room
     * that cannot know its last number stays shut.
     */
    Room(String name, Clock clock, Recorder recorder, RoomLog.Engine logs, HistoryStore store, Issued issued,
            int announceUpTo) {
        this.name = name;
        this.clock = clock;
        this.recorder = recorder;
        this.store = store;
        this.issued = issued;
        this.announceUpTo = announceUpTo;
        this.log = logs.open(name, issued.lastSeq(name), RoomLog.Heard.of(this::heard, text -> tell(told, new Notice(text, null))));
    }

    /** An event another server appended to the room's shared log, told to those here at its number. */
    private void heard(StoredEvent e) {
        Event event = switch (e.kind()) {
            case JOIN -> new Joined(name, e.seq(), e.time(), e.sender());
            case LEAVE -> left(e);
            default -> new RoomMessage(name, e.seq(), e.time(), e.sender(), e.text());
        };
        tell(told, event);
    }

    /** A stored leave back into the event: its text is {@link Left#why()}. */
    private Left left(StoredEvent e) {
        String why = e.text();
        String moved = LeaveReason.MOVED.text() + " to ";
        if (why.startsWith(moved)) return new Left(name, e.seq(), e.time(), e.sender(), LeaveReason.MOVED, why.substring(moved.length()));
        LeaveReason reason;
        try {
            reason = LeaveReason.fromText(why);
        } catch (IllegalArgumentException unknown) {
            reason = LeaveReason.CONNECTION_LOST; // written by a newer server: the nearest a person understands
        }
        return new Left(name, e.seq(), e.time(), e.sender(), reason);
    }

    String name() {
        return name;
    }

    /** An array of this room alone; never changed. */
    Room[] alone() {
        return alone;
    }

    /** Whether other servers append to this room's log too (a joiner's replay is then always topped up). */
    boolean sharedLog() {
        return log.shared();
    }

    /** How much history a joining member is shown: {@code count} messages within {@code budget} weight. */
    record Replay(int count, int budget, String replyTo) {}

    /**
     * Adds a member: the welcome, then the replay of the room's last messages, reach them
     * before any later room event. False when the room was closed meanwhile (the caller
     * finds or opens it again); true, doing nothing, when they are here already. Returns
     * once the join has gone out.
     */
    boolean add(Member member, LongFunction<Event> welcome, Replay replay) {
        // The replay is read before taking the lock, so a join does not hold up the room
        // for a query. It may miss the last messages (numbered but not yet committed, or
        // said since): those are read when the join goes out, by which time everything
        // numbered before it is stored.
        // Only the room's own messages: one's private messages belong to no room, and would
        // come back in every room entered (they are in /history and /search).
        List<StoredEvent> past = Arrival.readEarly(store, name, replay);
        RoomLog.Turn turn;
        lock.lock();
        try {
            if (closed) return false;
            // Already here (two connections of one account joining at once): one join, not two.
            if (members.contains(member)) return true;
            Member[] before = audience;
            // In the room before its join is numbered: the welcome, made then, lists it.
            members.add(member);
            audience = members.toArray(Member[]::new);
            member.entered(this);
            Arrival arrival = new Arrival(this, store, member, null, welcome, past, lastSaid, replay);
            if (members.size() <= announceUpTo) {
                turn = appendAnyway(new Joining(this, member, clock.instant(), before, arrival));
            } else {
                Instant time = clock.instant();
                recordAnyway(time, LogLines.of(new Joined(name, LogLines.UNNUMBERED, time, member.name()),
                        member.session().address()));
                arrival.numbered(log.last());
                Member[] now = audience;
                turn = log.pass(() -> {
                    told = now;
                    arrival.go();
                });
            }
        } finally {
            lock.unlock();
        }
        log.send();
        turn.out().join(); // a join goes ahead even if the store could not take it
        return true;
    }

    /**
     * One more connection of a member who is here (an account signing in again, on a phone
     * beside a laptop). In the room's turn, so that it hears each room event once and none
     * before its welcome and replay, it joins the member's connections and gets them. False
     * when the member is not here (it moved meanwhile) or is leaving; returns once it is done.
     */
    boolean addConnection(Member member, Session connection, Event welcome, Replay replay) {
        List<StoredEvent> past = Arrival.readEarly(store, name, replay);
        RoomLog.Turn turn;
        Arrival arrival;
        lock.lock();
        try {
            if (closed || !members.contains(member)) return false;
            arrival = new Arrival(this, store, member, connection, seq -> welcome, past, lastSaid, replay);
            arrival.numbered(log.last());
            turn = log.pass(arrival::go);
        } finally {
            lock.unlock();
        }
        log.send();
        turn.out().join();
        return arrival.arrived();
    }

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
        RoomLog.Turn turn;
        boolean nowClosed;
        lock.lock();
        try {
            if (!members.contains(member)) {
                numbered.run();
                return false;
            }
            members.remove(member);
            member.exited(this);
            audience = members.toArray(Member[]::new);
            Instant time = clock.instant();
            if (members.size() + 1 > announceUpTo) {
                recordAnyway(time, LogLines.of(new Left(name, LogLines.UNNUMBERED, time, member.name(), reason, movedTo),
                        member.session().address()));
                Member[] rest = audience;
                turn = log.pass(() -> told = rest); // the quitter's confirmation is the connection closing
            } else {
                turn = appendAnyway(new Leaving(this, member, time, reason, movedTo, audience));
            }
            nowClosed = closeIfEmpty();
        } finally {
            lock.unlock();
        }
        numbered.run();
        log.send();
        // Waits for the leave to go out, so a quitter's own leave is queued before its connection closes.
        turn.out().join();
        return nowClosed;
    }

    /** Joins and leaves are appended whatever the server log says: their entries never refuse a number. */
    private RoomLog.Turn appendAnyway(RoomLog.Entry entry) {
        try {
            return log.append(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached: recordAnyway swallows the log's failures
        }
    }

    /** Under the lock: an empty room other than the lobby closes, so it stops counting against the limit. */
    private boolean closeIfEmpty() {
        closed = members.isEmpty() && !name.equals(Manager.LOBBY);
        if (closed) issued.note(name, log.last()); // the store may lack the last numbers (it refused them): they stay used
        return closed;
    }

    /**
     * Numbers, records and appends a message to the room's log; it goes out to everyone in
     * the room at its number once stored, then {@code accepted} runs (the sender's
     * acknowledgement comes after its own copy). If the store cannot take it nobody sees
     * it and {@code unstored} runs instead. Null when the sender is no longer in the room
     * (a line still in flight as they were removed). Does not wait for the message to go
     * out: the returned turn's {@code out()} completes then. Throws IOException, numbering
     * nothing, when the server log cannot write it.
     */
    RoomLog.Turn say(Member from, String text, Consumer<RoomMessage> accepted, Runnable unstored) throws IOException {
        RoomLog.Turn turn;
        lock.lock();
        try {
            if (!members.contains(from)) return null;
            turn = log.append(new Said(this, from, text, clock.instant(), audience, accepted, unstored));
        } finally {
            lock.unlock();
        }
        log.send();
        return turn;
    }

    /**
     * Whether {@code member} is here, for code running under this room's lock (a welcome
     * made as its join is numbered): the answer is the room as of the number being given.
     */
    boolean holdsUnderLock(Member member) {
        assert lock.isHeldByCurrentThread();
        return members.contains(member);
    }

    /** The members now. */
    Member[] present() {
        lock.lock();
        try {
            return members.toArray(Member[]::new);
        } finally {
            lock.unlock();
        }
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
    static void tell(Member[] to, Event event) {
        Outgoing outgoing = new Outgoing(event);
        for (Member m : to) m.session().deliver(outgoing);
    }

    /** {@code members} and {@code one} more, as a new array. */
    static Member[] with(Member[] members, Member one) {
        Member[] all = java.util.Arrays.copyOf(members, members.length + 1);
        all[members.length] = one;
        return all;
    }

    /** In a join's or leave's turn: who hears what other servers append from now on. */
    void told(Member[] now) {
        told = now;
    }

    /** Under the lock, as a message is numbered: a later joiner's replay must reach this number. */
    void said(long seq) {
        lastSaid = seq;
    }

    /** A message's log line: failing, it numbers nothing. */
    void record(Instant time, String line) throws IOException {
        recorder.record(time, line);
    }

    /** A line about a join, a leave or the store, written now whatever the log says. */
    void recordAnyway(String line) {
        recordAnyway(clock.instant(), line);
    }

    /**
     * Joins and leaves happen whether or not they can be written down: a leave cannot
     * be refused, and refusing a join would not protect any message.
     */
    void recordAnyway(Instant time, String line) {
        try {
            recorder.record(time, line);
        } catch (IOException e) {
            // The recorder reports its own failures; messages are what it protects.
        }
    }
}

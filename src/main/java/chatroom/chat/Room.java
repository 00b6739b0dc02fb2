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
import java.util.function.Supplier;

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
        this.log = logs.open(name, issued.lastSeq(name), this::heard);
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
        List<StoredEvent> past = replay.count() > 0 ? readPast(() -> store.latest(name, replay.count(), Member.NOBODY)) : List.of();
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
            Arrival arrival = new Arrival(member, null, welcome, past, lastSaid, replay);
            if (members.size() <= announceUpTo) {
                turn = appendAnyway(new Joining(member, clock.instant(), before, arrival));
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
        List<StoredEvent> past = replay.count() > 0 ? readPast(() -> store.latest(name, replay.count(), Member.NOBODY)) : List.of();
        RoomLog.Turn turn;
        Arrival arrival;
        lock.lock();
        try {
            if (closed || !members.contains(member)) return false;
            arrival = new Arrival(member, connection, seq -> welcome, past, lastSaid, replay);
            arrival.numbered(log.last());
            turn = log.pass(arrival::go);
        } finally {
            lock.unlock();
        }
        log.send();
        turn.out().join();
        return arrival.arrived;
    }

    /**
     * A member's welcome (made as its join is numbered, so it is the room at that number) and
     * replay; to one more of its connections when {@code connection} is not null.
     */
    private final class Arrival {
        private final Member member;
        private final Session connection;
        private volatile boolean arrived;
        private final LongFunction<Event> welcome;
        private final List<StoredEvent> past;
        private final long saidBefore;
        private final Replay replay;
        private Event greeting;
        private long joinSeq;

        Arrival(Member member, Session connection, LongFunction<Event> welcome, List<StoredEvent> past, long saidBefore,
                Replay replay) {
            this.member = member;
            this.connection = connection;
            this.welcome = welcome;
            this.past = past;
            this.saidBefore = saidBefore;
            this.replay = replay;
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
                enter(member, to, past, saidBefore, joinSeq, replay);
            });
        }
    }

    /** A join the room announces: told to those there before it, then the joiner's arrival. */
    private final class Joining implements RoomLog.Entry {
        private final Member member;
        private final Instant time;
        private final Member[] before;
        private final Arrival arrival;
        private Joined joined;

        Joining(Member member, Instant time, Member[] before, Arrival arrival) {
            this.member = member;
            this.time = time;
            this.before = before;
            this.arrival = arrival;
        }

        @Override
        public StoredEvent event(long seq) {
            return StoredEvent.join(name, seq, time, member.name());
        }

        @Override
        public void numbered(long seq) {
            joined = new Joined(name, seq, time, member.name());
            recordAnyway(time, LogLines.of(joined, member.session().address()));
            arrival.numbered(seq);
        }

        @Override
        public void publish() {
            tell(before, joined);
            told = with(before, member);
            arrival.go();
        }

        @Override
        public void unkept() {
            noteUnstored(joined.seq(), "join");
        }

        @Override
        public boolean regardless() {
            return true;
        }
    }

    /**
     * The joiner's replay: what was read before the lock, and the messages up to
     * {@code saidBefore} (the room's last message before the join) that it lacks.
     */
    private void enter(Member member, Session to, List<StoredEvent> past, long saidBefore, long joinSeq, Replay replay) {
        // A shared log's other servers may have numbered messages since the early read: look every time.
        if (past != null && replay.count() > 0 && (log.shared() || saidBefore > lastSeq(past))) {
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
        member.historyCursor(this, Long.MAX_VALUE);
        if (past == null) { // the store could not be read: the member is in, without the past
            to.deliver(new Refused(ErrorCode.HISTORY_UNAVAILABLE, PAST_UNREADABLE, null));
            return;
        }
        if (past.isEmpty()) return; // a room without a past is entered without a word about it
        Past.Page page = Past.Page.of(past, replay.count(), replay.budget());
        member.historyCursor(this, page.cursor());
        to.deliver(new History(name, page.messages(), page.more(), page.cursor(), replay.replyTo()));
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
                turn = appendAnyway(new Leaving(member, time, reason, movedTo, audience));
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

    /** A leave the room announces: told to those still there, and to the leaver when they quit or parted. */
    private final class Leaving implements RoomLog.Entry {
        private final Member member;
        private final Instant time;
        private final LeaveReason reason;
        private final String movedTo;
        private final Member[] rest;
        private Left left;

        Leaving(Member member, Instant time, LeaveReason reason, String movedTo, Member[] rest) {
            this.member = member;
            this.time = time;
            this.reason = reason;
            this.movedTo = movedTo;
            this.rest = rest;
        }

        @Override
        public StoredEvent event(long seq) {
            return StoredEvent.leave(name, seq, time, member.name(), new Left(name, seq, time, member.name(), reason, movedTo).why());
        }

        @Override
        public void numbered(long seq) {
            left = new Left(name, seq, time, member.name(), reason, movedTo);
            recordAnyway(time, LogLines.of(left, member.session().address()));
        }

        @Override
        public void publish() {
            tell(rest, left);
            told = rest;
            // Theirs too when it was their own choice (a quit, a part): their client sees the room go.
            if (reason == LeaveReason.QUIT || reason == LeaveReason.PARTED) member.session().deliver(left);
        }

        @Override
        public void unkept() {
            noteUnstored(left.seq(), "leave");
        }

        @Override
        public boolean regardless() {
            return true;
        }
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

    /** Notes in the log that a join or leave went ahead without the store, which is why the history lacks its number. */
    private void noteUnstored(long number, String what) {
        recordAnyway(clock.instant(), LogLines.unstored(name, number, what));
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
            turn = log.append(new Said(from, text, clock.instant(), audience, accepted, unstored));
        } finally {
            lock.unlock();
        }
        log.send();
        return turn;
    }

    /** A room message: told to those there at its number, then acknowledged to its sender; refused if not stored. */
    private final class Said implements RoomLog.Entry {
        private final Member from;
        private final String text;
        private final Instant time;
        private final Member[] to;
        private final Consumer<RoomMessage> accepted;
        private final Runnable unstored;
        private RoomMessage message;

        Said(Member from, String text, Instant time, Member[] to, Consumer<RoomMessage> accepted, Runnable unstored) {
            this.from = from;
            this.text = text;
            this.time = time;
            this.to = to;
            this.accepted = accepted;
            this.unstored = unstored;
        }

        @Override
        public StoredEvent event(long seq) {
            return StoredEvent.message(name, seq, time, from.name(), text);
        }

        @Override
        public void numbered(long seq) throws IOException {
            RoomMessage m = new RoomMessage(name, seq, time, from.name(), text);
            // Set first: a shared log publishes what other servers already show even when the line fails.
            message = m;
            lastSaid = seq;
            recorder.record(time, LogLines.of(m));
        }

        @Override
        public void publish() {
            tell(to, message);
            accepted.accept(message);
        }

        @Override
        public void unkept() {
            // The log has it, the store has not, nobody saw it: say why the log holds a number nobody got.
            if (message != null) recordAnyway(clock.instant(), LogLines.unstored(name, message.seq()));
            unstored.run();
        }

        @Override
        public boolean regardless() {
            return false;
        }
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
    private static void tell(Member[] to, Event event) {
        Outgoing outgoing = new Outgoing(event);
        for (Member m : to) m.session().deliver(outgoing);
    }

    /** {@code members} and {@code one} more, as a new array. */
    private static Member[] with(Member[] members, Member one) {
        Member[] all = java.util.Arrays.copyOf(members, members.length + 1);
        all[members.length] = one;
        return all;
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

package chatroom.chat;

import chatroom.chat.Event.*;
import chatroom.history.HistoryStore;
import chatroom.history.Kind;
import chatroom.history.StoredEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * A room: its members and its numbered, ordered events. One lock per room makes
 * numbering, recording and enqueueing one step, so every member sees the same order
 * and nothing is seen before it is recorded (in the log and in the history store).
 * Holding it is cheap: delivering only enqueues.
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
    private final int announceUpTo;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Member> members = new LinkedHashSet<>();
    private volatile long seq;
    private boolean closed;

    Room(String name, Clock clock, Recorder recorder, HistoryStore store, int announceUpTo) {
        this.name = name;
        this.clock = clock;
        this.recorder = recorder;
        this.store = store;
        this.announceUpTo = announceUpTo;
        this.seq = store.lastSeq(name);
    }

    String name() {
        return name;
    }

    /**
     * Adds a member: the welcome, then the replay of the last {@code replay} messages, are
     * delivered before any later room event reaches them. False when the room was closed
     * meanwhile (the caller finds or opens it again).
     */
    boolean add(Member member, LongFunction<Event> welcome, Replay replay) {
        // The replay is read before taking the lock, so a join does not hold up the room
        // for a query; whatever the room numbered meanwhile is fetched under the lock.
        long seen = seq;
        // Only the room's own messages: one's private messages belong to no room, and would
        // come back in every room entered (they are in /history and /search).
        List<StoredEvent> past = replay.count() > 0 ? store.latest(name, replay.count(), Member.NOBODY) : List.of();
        lock.lock();
        try {
            if (closed) return false;
            if (seq > seen && replay.count() > 0) past = joined(past, store.after(name, seen, Past.MAX_PAGE), replay.count());
            if (members.size() + 1 <= announceUpTo) {
                Joined joined = new Joined(name, seq + 1, clock.instant(), member.name());
                recordAnyway(joined.time(), LogLines.of(joined, member.session().address()));
                storeAnyway(new StoredEvent(0, Kind.JOIN, name, joined.seq(), 0, joined.time(), member.name(),
                        List.of(), null, List.of()));
                seq++;
                broadcast(joined);
            } else {
                Joined quiet = new Joined(name, LogLines.UNNUMBERED, clock.instant(), member.name());
                recordAnyway(quiet.time(), LogLines.of(quiet, member.session().address()));
            }
            members.add(member);
            member.room(this);
            member.session().deliver(welcome.apply(seq));
            member.historyCursor(Long.MAX_VALUE);
            if (!past.isEmpty()) { // a room without a past is entered without a word about it
                Past.Page page = Past.Page.of(past, replay.count(), replay.budget());
                member.historyCursor(page.cursor());
                member.session().deliver(new History(name, page.messages(), page.more(), page.cursor(), replay.replyTo()));
            }
            member.welcomed(true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How much history a joining member is shown: {@code count} messages within {@code budget} weight. */
    record Replay(int count, int budget, String replyTo) {}

    /**
     * Removes a member and tells the room why; the leaver hears it too when it was their
     * choice to quit. Returns true when the room is now empty and was closed.
     */
    boolean remove(Member member, LeaveReason reason, String movedTo) {
        lock.lock();
        try {
            if (!members.contains(member)) return false;
            if (members.size() > announceUpTo) {
                Left quiet = new Left(name, LogLines.UNNUMBERED, clock.instant(), member.name(), reason, movedTo);
                recordAnyway(quiet.time(), LogLines.of(quiet, member.session().address()));
                members.remove(member);
                return closeIfEmpty(); // the quitter's confirmation is the connection closing
            }
            Left left = new Left(name, seq + 1, clock.instant(), member.name(), reason, movedTo);
            recordAnyway(left.time(), LogLines.of(left, member.session().address()));
            storeAnyway(new StoredEvent(0, Kind.LEAVE, name, left.seq(), 0, left.time(), member.name(),
                    List.of(), left.why(), List.of()));
            seq++;
            members.remove(member);
            broadcast(left);
            if (reason == LeaveReason.QUIT) member.session().deliver(left);
            return closeIfEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: an empty room other than the lobby closes, so it stops counting against the limit. */
    private boolean closeIfEmpty() {
        closed = members.isEmpty() && !name.equals(Manager.LOBBY);
        return closed;
    }

    /** Numbers, records, stores and delivers a message; if it cannot be recorded nobody sees it. */
    /** Null when the sender is no longer in the room (a line still in flight as they were removed). */
    RoomMessage say(Member from, String text) throws IOException {
        lock.lock();
        try {
            if (!members.contains(from)) return null;
            RoomMessage message = new RoomMessage(name, seq + 1, clock.instant(), from.name(), text);
            recorder.record(message.time(), LogLines.of(message));
            try {
                store.append(new StoredEvent(0, Kind.MESSAGE, name, message.seq(), 0, message.time(), from.name(),
                        List.of(), text, List.of()));
            } catch (IOException e) {
                // The log has it, the store has not: the number is given again, so say why the log holds it twice.
                recordAnyway(clock.instant(), LogLines.unstored(name, message.seq()));
                throw e;
            }
            seq++;
            broadcast(message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** The members' names in the order of their name keys, as every list of people is shown. */
    List<String> names() {
        lock.lock();
        try {
            List<Member> sorted = new ArrayList<>(members);
            sorted.sort(java.util.Comparator.comparing(m -> m.key()));
            List<String> names = new ArrayList<>(sorted.size());
            for (Member m : sorted) names.add(m.name());
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
    private void broadcast(Event event) {
        Outgoing outgoing = new Outgoing(event);
        for (Member m : members) m.session().deliver(outgoing);
    }

    /** The replay read before the lock, with the messages numbered since, keeping the newest {@code count}. */
    private static List<StoredEvent> joined(List<StoredEvent> before, List<StoredEvent> since, int count) {
        List<StoredEvent> all = new ArrayList<>(before);
        long last = 0;
        for (StoredEvent e : before) last = Math.max(last, e.seq());
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

    private void storeAnyway(StoredEvent event) {
        try {
            store.append(event);
        } catch (IOException e) {
            // As with the log: the store protects messages; a join or leave happens regardless.
        }
    }
}

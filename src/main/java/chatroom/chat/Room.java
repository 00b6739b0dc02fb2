package chatroom.chat;

import chatroom.chat.Event.*;
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
 * and nothing is seen before it is recorded. Holding it is cheap: delivering only
 * enqueues.
 *
 * <p>In a room of more than {@code announceUpTo} members (counting the one joining or
 * leaving), joins and leaves are logged but neither told nor numbered: the numbers stay
 * those of what members see, without gaps.
 */
final class Room {
    private final String name;
    private final Clock clock;
    private final Recorder recorder;
    private final int announceUpTo;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Member> members = new LinkedHashSet<>();
    private long seq;

    Room(String name, Clock clock, Recorder recorder, int announceUpTo) {
        this.name = name;
        this.clock = clock;
        this.recorder = recorder;
        this.announceUpTo = announceUpTo;
    }

    String name() {
        return name;
    }

    /** Adds a member; the welcome is delivered before any later room event reaches them. */
    void add(Member member, LongFunction<Event> welcome) {
        lock.lock();
        try {
            if (members.size() + 1 <= announceUpTo) {
                Joined joined = new Joined(name, seq + 1, clock.instant(), member.name());
                recordAnyway(joined.time(), LogLines.of(joined, member.session().address()));
                seq++;
                broadcast(joined);
            } else {
                Joined quiet = new Joined(name, LogLines.UNNUMBERED, clock.instant(), member.name());
                recordAnyway(quiet.time(), LogLines.of(quiet, member.session().address()));
            }
            members.add(member);
            member.room(this);
            member.session().deliver(welcome.apply(seq));
            member.welcomed(true);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a member and tells the room why; the leaver hears it too when it was their choice. */
    void remove(Member member, LeaveReason reason) {
        lock.lock();
        try {
            if (!members.contains(member)) return;
            if (members.size() > announceUpTo) {
                Left quiet = new Left(name, LogLines.UNNUMBERED, clock.instant(), member.name(), reason);
                recordAnyway(quiet.time(), LogLines.of(quiet, member.session().address()));
                members.remove(member);
                return; // the quitter's confirmation is the connection closing
            }
            Left left = new Left(name, seq + 1, clock.instant(), member.name(), reason);
            recordAnyway(left.time(), LogLines.of(left, member.session().address()));
            seq++;
            members.remove(member);
            broadcast(left);
            if (reason == LeaveReason.QUIT) member.session().deliver(left);
        } finally {
            lock.unlock();
        }
    }

    /** Numbers, records and delivers a message; if it cannot be recorded nobody sees it. */
    /** Null when the sender is no longer in the room (a line still in flight as they were removed). */
    RoomMessage say(Member from, String text) throws IOException {
        lock.lock();
        try {
            if (!members.contains(from)) return null;
            RoomMessage message = new RoomMessage(name, seq + 1, clock.instant(), from.name(), text);
            recorder.record(message.time(), LogLines.of(message));
            seq++;
            broadcast(message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    List<String> names() {
        lock.lock();
        try {
            List<String> names = new ArrayList<>(members.size());
            for (Member m : members) names.add(m.name());
            return names;
        } finally {
            lock.unlock();
        }
    }

    /** One {@link Outgoing} for everyone, so each door encodes the event once, not once per member. */
    private void broadcast(Event event) {
        Outgoing outgoing = new Outgoing(event);
        for (Member m : members) m.session().deliver(outgoing);
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

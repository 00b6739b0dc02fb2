package chatroom.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** A person who has joined under a name, and the session that reaches them. */
public final class Member {
    private final String name;
    private final Connections session;
    private final RateLimiter rate;
    private final RateLimiter heavy;
    private final RateLimiter addressHeavy;
    /** Where what this member types goes: one of {@link #rooms}, null before the lobby and after the last leave. */
    private volatile Room current;
    /** The rooms this member is in, in the order entered; replaced (never changed) under this member's monitor. */
    private volatile Room[] rooms = NO_ROOMS;
    private static final Room[] NO_ROOMS = {};
    private volatile boolean welcomed;
    private volatile String away; // the away message, null when here
    /** Guest until signed in; a guest who registers becomes a member. */
    private volatile Role role = Role.GUEST;
    private final long token;
    private volatile long historyCursor = Long.MAX_VALUE;
    /** The room {@link #historyCursor} is in: one cursor, not one per room, so an idle member stays small. */
    private volatile Room historyRoom;

    private final int replay;
    private final String key;
    /** Room messages of this member's that may be on their way out at once; the next one waits. */
    static final int MAX_IN_FLIGHT = 128;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private volatile CompletableFuture<Boolean> lastOut = CompletableFuture.completedFuture(true);

    Member(String name, Session session, RateLimiter rate, RateLimiter heavy, RateLimiter addressHeavy, long token,
            int replay) {
        this.heavy = heavy;
        this.addressHeavy = addressHeavy;
        this.replay = replay;
        this.name = name;
        this.key = Names.key(name);
        this.session = new Connections(session);
        this.rate = rate;
        this.token = token;
    }

    /**
     * Who this connection is to the history store: a random number, unique across
     * restarts. Private messages are stored with the tokens of the connections that sent
     * and received them, and only those may read them back: a name is not an account,
     * and whoever takes a name later must not read what was sent to its earlier holder.
     */
    long token() {
        return token;
    }

    /** How many past messages to show this member on entering a room (0 for bots and bridges that ask for none). */
    int replay() {
        return replay;
    }

    /** A token no connection has ({@link Manager} never hands it out): as a viewer, it sees no private message. */
    static final long NOBODY = 0;

    /**
     * Where {@code /history} in {@code room} goes on from: the store id of the oldest message
     * shown there so far, kept for the room last entered or paged; from the newest in another.
     */
    long historyCursor(Room room) {
        return historyRoom == room ? historyCursor : Long.MAX_VALUE;
    }

    void historyCursor(Room room, long cursor) {
        this.historyRoom = room;
        this.historyCursor = cursor;
    }

    public String name() {
        return name;
    }

    /** The name's key ({@link Names#key}): what it is unique and sorted by. */
    String key() {
        return key;
    }

    public Role role() {
        return role;
    }

    void role(Role role) {
        this.role = role;
    }

    /** Every connection the member is on: what is delivered here reaches each. */
    public Session session() {
        return session;
    }

    Connections connections() {
        return session;
    }

    /** This member's message allowance (one per connection: a member is one connection). */
    RateLimiter rate() {
        return rate;
    }

    /** This connection's budget for searches, history pages and room changes. */
    RateLimiter heavy() {
        return heavy;
    }

    /** The same budget for everyone at this member's address together. */
    RateLimiter addressHeavy() {
        return addressHeavy;
    }

    // ---- store reads that a connection's end cancels ----

    /** Guards {@link #reading} and {@link #gone}, so an interrupt reaches a thread only while it waits for a read. */
    private final ReentrantLock reads = new ReentrantLock();
    private Thread reading;
    private volatile boolean gone;

    /**
     * Runs a store read for this member on the calling thread, which waits for it (the
     * store runs it on threads of its own). Empty, without reading, when the connection
     * has gone; empty too when it goes meanwhile: {@link #gone()} interrupts the wait,
     * which cancels the read, so a departed client's searches cost nothing more and its
     * leave does not wait for them.
     */
    <T> Optional<T> read(Supplier<T> read) {
        reads.lock();
        try {
            if (gone) return Optional.empty();
            reading = Thread.currentThread();
        } finally {
            reads.unlock();
        }
        try {
            return Optional.of(read.get());
        } catch (CancellationException e) {
            return Optional.empty();
        } finally {
            reads.lock();
            try {
                reading = null;
                Thread.interrupted(); // an interrupt meant for the read must not hit the thread's next socket read
            } finally {
                reads.unlock();
            }
        }
    }

    /** The connection has gone (its writer failed, it fell too far behind, it left): its store reads are dropped. */
    void gone() {
        reads.lock();
        try {
            gone = true;
            if (reading != null) reading.interrupt();
        } finally {
            reads.unlock();
        }
    }

    boolean isGone() {
        return gone;
    }

    /**
     * Held while a private message of this member's is logged, stored and delivered, and to
     * silence the member as it is put out: so a private message either went out whole
     * before the kick or ban, or not at all (a room message has its room's order for that).
     */
    private final ReentrantLock speaking = new ReentrantLock();
    private boolean silenced;

    /** Runs {@code say} unless the member was put out (kicked, banned): false then, and nothing ran. */
    boolean speak(Runnable say) {
        speaking.lock();
        try {
            if (silenced) return false;
            say.run();
            return true;
        } finally {
            speaking.unlock();
        }
    }

    /** The member is put out: from now on nothing it says privately goes anywhere; waits for one going out now. */
    void silence() {
        speaking.lock();
        try {
            silenced = true;
        } finally {
            speaking.unlock();
        }
    }

    /** Held while a welcome or a room's greeting and replay are being delivered. */
    private final ReentrantLock arriving = new ReentrantLock();

    /** The away message, or null when the member is here. */
    public String away() {
        return away;
    }

    void away(String message) {
        away = message == null || message.isEmpty() ? null : message;
    }

    /** Whether the welcome has begun to go out: until then this member is not online to others. */
    boolean welcomed() {
        return welcomed;
    }

    /**
     * Delivers a welcome (or a new room's greeting) and its replay as one block: the member
     * counts as online from its start, so whoever sees their welcome can reach them at
     * once, and a private message sent meanwhile ({@link #deliverDirect}) waits for the
     * block, so it comes after the replay and never in the middle of it.
     */
    void arrive(Runnable greetingAndReplay) {
        arriving.lock();
        try {
            welcomed = true;
            greetingAndReplay.run();
        } finally {
            arriving.unlock();
        }
    }

    /** Delivers what comes from no room (a private message): never inside a welcome and its replay. */
    void deliverDirect(Outgoing outgoing) {
        arriving.lock();
        try {
            session.deliver(outgoing);
        } finally {
            arriving.unlock();
        }
    }

    /**
     * Before numbering a room message: waits while {@link #MAX_IN_FLIGHT} of this member's
     * messages are still on their way out, so one fast sender cannot queue without bound.
     */
    void reserve() {
        inFlight.acquireUninterruptibly();
    }

    /** A reservation that numbered nothing. */
    void unreserve() {
        inFlight.release();
    }

    /** The reserved message is on its way: it frees its place once out. */
    void sending(RoomLog.Turn turn) {
        lastOut = turn.out();
        turn.out().whenComplete((stored, failure) -> inFlight.release());
    }

    /**
     * Waits until this member's room messages are out: any other answer (a refusal, a
     * list, a private message) reaches them after what they said before it, as they said it.
     */
    void awaitOut() {
        lastOut.join();
    }

    /** The room what this member types goes to; null before they are in the lobby and once they have left. */
    Room room() {
        return current;
    }

    /** The name of {@link #room()}, null when none: where a door shows the member's plain text going. */
    public String currentRoom() {
        Room r = current;
        return r == null ? null : r.name();
    }

    /** The rooms this member is in, in the order entered (the array is never changed; do not change it). */
    Room[] rooms() {
        return rooms;
    }

    /** The names of {@link #rooms()}. */
    public List<String> roomNames() {
        Room[] in = rooms;
        List<String> names = new ArrayList<>(in.length);
        for (Room r : in) names.add(r.name());
        return names;
    }

    boolean isIn(Room room) {
        for (Room r : rooms) {
            if (r == room) return true;
        }
        return false;
    }

    /** The room of these that has this name, or null. */
    Room roomNamed(String name) {
        for (Room r : rooms) {
            if (r.name().equals(name)) return r;
        }
        return null;
    }

    /** Under {@code room}'s lock: the member is in it now, and talks there. */
    synchronized void entered(Room room) {
        if (rooms.length == 0) {
            rooms = room.alone();
        } else if (!isIn(room)) {
            Room[] grown = Arrays.copyOf(rooms, rooms.length + 1);
            grown[rooms.length] = room;
            rooms = grown;
        }
        current = room;
    }

    /** Under {@code room}'s lock: the member is no longer in it; if they talked there, they now talk in the room entered last. */
    synchronized void exited(Room room) {
        Room[] in = rooms;
        int at = -1;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == room) at = i;
        }
        if (at < 0) return;
        Room[] fewer = new Room[in.length - 1];
        System.arraycopy(in, 0, fewer, 0, at);
        System.arraycopy(in, at + 1, fewer, at, in.length - at - 1);
        rooms = fewer.length == 0 ? NO_ROOMS : fewer.length == 1 ? fewer[0].alone() : fewer;
        if (current == room) current = fewer.length == 0 ? null : fewer[fewer.length - 1];
    }

    /** Talks in {@code room} from now on, if they are in it; false when they are not. */
    synchronized boolean talkIn(Room room) {
        if (!isIn(room)) return false;
        current = room;
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}

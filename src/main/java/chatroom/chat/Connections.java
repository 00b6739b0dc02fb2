package chatroom.chat;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connections one member is on: a guest has one; an account may be signed in on
 * several at once (a laptop and a phone), and each is told everything the member is.
 * Delivering walks a copy-on-write list, so it never blocks and is safe under a room's
 * lock; adding and dropping a connection are rare and take this object's monitor, so
 * that once the last connection is dropped (the member is leaving) none can be added.
 */
final class Connections implements Session {
    private final Session first;
    private final CopyOnWriteArrayList<Session> all = new CopyOnWriteArrayList<>();
    /** The last connection was dropped: the member leaves, and a new sign-in starts a member of its own. */
    private boolean over;

    Connections(Session first) {
        this.first = first;
        all.add(first);
    }

    /** The address of the connection the member joined on (the log's JOIN and LEAVE lines name it). */
    @Override
    public String address() {
        return first.address();
    }

    @Override
    public void deliver(Event event) {
        for (Session s : all) s.deliver(event);
    }

    @Override
    public void deliver(Outgoing outgoing) {
        for (Session s : all) s.deliver(outgoing);
    }

    @Override
    public void close() {
        for (Session s : all) s.close();
    }

    /** One more connection; false when the member is already leaving. */
    synchronized boolean add(Session connection) {
        if (over) return false;
        all.add(connection);
        return true;
    }

    /**
     * Drops {@code connection} when the member is on others too (true: only it goes, or
     * it went already). When it is the member's last (or {@code connection} is null: all
     * of them) the member is leaving: false, the list is kept for the goodbye, and no
     * connection can be added any more.
     */
    synchronized boolean dropIfOthers(Session connection) {
        if (connection != null && !all.contains(connection)) return true;
        if (connection != null && all.size() > 1) {
            all.remove(connection);
            return true;
        }
        over = true;
        return false;
    }

    /** Whether the last connection was dropped: the member is leaving. */
    synchronized boolean leaving() {
        return over;
    }

    /** Whether {@code connection} is the only one the member is on. */
    synchronized boolean isLast(Session connection) {
        return all.size() == 1 && all.contains(connection);
    }

    /** How many connections the member is on now. */
    int count() {
        return all.size();
    }
}

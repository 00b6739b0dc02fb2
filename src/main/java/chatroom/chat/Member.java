package chatroom.chat;

/** A person who has joined under a name, and the session that reaches them. */
public final class Member {
    private final String name;
    private final Session session;
    private final RateLimiter rate;
    private volatile Room room;
    private volatile boolean welcomed;

    Member(String name, Session session, RateLimiter rate) {
        this.name = name;
        this.session = session;
        this.rate = rate;
    }

    public String name() {
        return name;
    }

    public Session session() {
        return session;
    }

    /** This member's message allowance (one per connection: a member is one connection). */
    RateLimiter rate() {
        return rate;
    }

    /** Whether the welcome was delivered: until then nothing else may reach this member. */
    boolean welcomed() {
        return welcomed;
    }

    void welcomed(boolean welcomed) {
        this.welcomed = welcomed;
    }

    Room room() {
        return room;
    }

    void room(Room room) {
        this.room = room;
    }

    @Override
    public String toString() {
        return name;
    }
}

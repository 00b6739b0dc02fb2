package chatroom.chat;

/** A person who has joined under a name, and the session that reaches them. */
public final class Member {
    private final String name;
    private final Session session;
    private volatile Room room;
    private volatile boolean welcomed;

    Member(String name, Session session) {
        this.name = name;
        this.session = session;
    }

    public String name() {
        return name;
    }

    public Session session() {
        return session;
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

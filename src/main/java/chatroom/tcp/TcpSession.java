package chatroom.tcp;

import chatroom.chat.Event;
import chatroom.chat.Outgoing;
import chatroom.chat.Session;
import chatroom.door.Outbox;

/** A person on a TCP connection, as the chat sees them. */
final class TcpSession implements Session {
    private final String address;
    private volatile Outbox outbox;
    private volatile boolean closing;

    TcpSession(String address) {
        this.address = address;
    }

    void attach(Outbox outbox) {
        this.outbox = outbox;
    }

    boolean attached() {
        return outbox != null;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void deliver(Event event) {
        Outbox o = outbox;
        if (o != null) o.offer(new Outgoing(event)); // null only before the door is known, when nobody can address it
    }

    @Override
    public void deliver(Outgoing outgoing) {
        Outbox o = outbox;
        if (o != null) o.offer(outgoing);
    }

    @Override
    public void close() {
        closing = true;
        Outbox o = outbox;
        if (o != null) o.finish();
    }

    boolean closing() {
        return closing;
    }

    boolean tooSlow() {
        Outbox o = outbox;
        return o != null && o.overflowed();
    }
}

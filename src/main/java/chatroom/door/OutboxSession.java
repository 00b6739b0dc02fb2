package chatroom.door;

import chatroom.chat.Event;
import chatroom.chat.Outgoing;
import chatroom.chat.Session;

/**
 * A person on any door, as the chat sees them: what is delivered goes into the
 * connection's {@link Outbox}, whose {@link Outbox.Sink} is the door's wire (a TCP
 * socket's bytes, WebSocket messages). Delivering only enqueues, so it is safe under a
 * room's lock and costs no more than the offer: nothing here is allocated or locked per
 * event beyond what the outbox does.
 *
 * <p>The outbox is attached once the door knows how to encode (the TCP door learns it
 * from the client's first byte); until then events are dropped, since nobody can address
 * a connection that has not joined.
 */
public final class OutboxSession implements Session {
    private final String address;
    private volatile Outbox outbox;
    private volatile boolean closing;

    public OutboxSession(String address) {
        this.address = address;
    }

    /** From now on, events go out through {@code outbox}. */
    public void attach(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Whether events can go out yet (else the door must write a last word itself). */
    public boolean attached() {
        return outbox != null;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void deliver(Event event) {
        Outbox o = outbox;
        if (o != null) o.offer(new Outgoing(event));
    }

    @Override
    public void deliver(Outgoing outgoing) {
        Outbox o = outbox;
        if (o != null) o.offer(outgoing);
    }

    /** Sends what is queued, then lets the door end the connection; later events are dropped. */
    @Override
    public void close() {
        closing = true;
        Outbox o = outbox;
        if (o != null) o.finish();
    }

    /** Whether {@link #close()} was called: the connection is ending. */
    public boolean closing() {
        return closing;
    }

    /** Whether the person fell further behind than the queue allows, and was cut off. */
    public boolean tooSlow() {
        Outbox o = outbox;
        return o != null && o.overflowed();
    }

    /** Waits up to {@code millis} for the writer to have sent what was queued before a close (or to have given up). */
    public void awaitSent(long millis) throws InterruptedException {
        Outbox o = outbox;
        if (o != null) o.awaitSettled(millis);
    }
}

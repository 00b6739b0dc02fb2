package chatroom.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A session that keeps what it is told, for tests of the chat rules without sockets. */
final class FakeSession implements Session {
    private final String address;
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    FakeSession(String address) {
        this.address = address;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void deliver(Event event) {
        synchronized (events) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }
    }

    /** The name of the thread each event since the last {@link #forget()} was delivered on, in order. */
    List<String> threads() {
        synchronized (events) {
            return List.copyOf(threads);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    /** Everything delivered so far, in order. */
    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The delivered events of one kind, in order. */
    <T extends Event> List<T> events(Class<T> kind) {
        return events().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The events delivered from now on are the only ones {@link #events()} shows. */
    void forget() {
        synchronized (events) {
            events.clear();
            threads.clear();
        }
    }
}

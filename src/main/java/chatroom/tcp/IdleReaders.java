package chatroom.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector, on one platform thread "idle-readers", where the clear port's quiet
 * connections wait for their next byte without a reader thread: a virtual thread parked in
 * a read keeps its stack (about 3 KB), which for thousands of idle members is most of what
 * they cost. A connection comes back to a reader thread of its own ({@link IdleWait#woken})
 * when bytes arrive, when something of its life is due, or when asked ({@link #resume}).
 */
final class IdleReaders implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    /** Parks and resumes asked for by other threads, in the order asked. */
    private final ConcurrentLinkedQueue<Ask> asked = new ConcurrentLinkedQueue<>();
    /** Owned by the selector's thread: connections whose keys are cancelled, handed back once they are deregistered. */
    private final List<Ask> woken = new ArrayList<>();
    /** Owned by the selector's thread: parked connections by when they are due. */
    private final PriorityQueue<Due> dues = new PriorityQueue<>();
    private volatile boolean closed;

    /** A park (with when it is due, 0 for never) or, with {@code park} false, a resume. */
    private record Ask(IdleWait connection, boolean park, long atNanos, long parking) {}

    private record Due(long atNanos, IdleWait connection, long parking) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return Long.compare(atNanos, o.atNanos);
        }
    }

    IdleReaders() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().name("idle-readers").daemon().start(this::run);
    }

    /**
     * Waits for {@code wait}'s channel (non-blocking already) to have bytes, or for
     * {@code dueMillis} to pass (0: no time), then hands it back; false when closed.
     */
    boolean park(IdleWait wait, long parking, int dueMillis) {
        if (closed) return false;
        long at = dueMillis == 0 ? 0 : System.nanoTime() + dueMillis * 1_000_000L;
        asked.add(new Ask(wait, true, at, parking));
        selector.wakeup();
        if (closed && !thread.isAlive()) handBackAsked(); // closed meanwhile
        return true;
    }

    /** How many connections are registered now (a parked one whose hand-back is under way may count). */
    int parked() {
        try {
            return selector.keys().size();
        } catch (ClosedSelectorException e) {
            return 0;
        }
    }

    /** Hands a parked connection back at once (its writer needs the socket blocking, or it was closed). */
    void resume(IdleWait wait, long parking) {
        asked.add(new Ask(wait, false, 0, parking));
        selector.wakeup();
    }

    private void take(Ask ask) {
        IdleWait wait = ask.connection;
        if (!ask.park) {
            if (wait.parking() != ask.parking) return; // handed back since
            SelectionKey key = wait.channel().keyFor(selector);
            if (key != null) key.cancel();
            woken.add(ask);
            return;
        }
        try {
            wait.channel().register(selector, SelectionKey.OP_READ, ask);
            if (ask.atNanos != 0) dues.add(new Due(ask.atNanos, wait, ask.parking));
        } catch (ClosedChannelException | CancelledKeyException e) {
            woken.add(ask); // closed meanwhile: its reader finds out
        }
    }

    private void run() {
        try {
            while (!closed) {
                long timeout = 0;
                Due next = dues.peek();
                if (next != null) timeout = Math.max(1, (next.atNanos - System.nanoTime() + 999_999) / 1_000_000);
                // selectNow (below, for cancelled keys) clears a wakeup that came meanwhile: an
                // ask made then is still queued, and select must not sleep on it.
                if (asked.isEmpty()) selector.select(timeout);
                else selector.selectNow();
                takeReady();
                for (Ask a; (a = asked.poll()) != null; ) take(a);
                long now = System.nanoTime();
                while (!dues.isEmpty() && dues.peek().atNanos - now <= 0) {
                    Due due = dues.poll();
                    SelectionKey key = due.connection.channel().keyFor(selector);
                    // Lazily dropped: a due of a wait that was handed back since.
                    if (key == null || !key.isValid() || due.connection.parking() != due.parking) continue;
                    key.cancel();
                    woken.add((Ask) key.attachment());
                }
                // Cancelled keys are deregistered by the next selection; only then may a channel block again.
                while (!woken.isEmpty()) {
                    List<Ask> ready = new ArrayList<>(woken);
                    woken.clear();
                    selector.selectNow();
                    takeReady();
                    for (Ask a : ready) a.connection.woken(a.parking);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // closing
        }
    }

    private void takeReady() {
        for (SelectionKey key : selector.selectedKeys()) {
            key.cancel();
            woken.add((Ask) key.attachment());
        }
        selector.selectedKeys().clear();
    }

    /** Hands every parked connection back (their readers find the server stopping) and stops. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Ask> left = new ArrayList<>();
        for (SelectionKey key : selector.keys()) left.add((Ask) key.attachment());
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Ask a : left) a.connection.woken(a.parking);
        handBackAsked();
    }

    /** After the thread has stopped: whoever asked to park is handed back (they find the socket closed). */
    private void handBackAsked() {
        for (Ask a; (a = asked.poll()) != null; ) a.connection.woken(a.parking);
    }
}

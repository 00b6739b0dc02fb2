package chatroom.chat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A store whose reads run on a few platform threads of their own, as many as the store
 * reads at once, while the caller waits. The callers are virtual threads, and a SQLite
 * call holds its virtual thread's carrier for as long as it runs (a native frame pins it):
 * with two carriers, two long searches stopped every other connection, deliveries
 * included. Waiting on a future instead unmounts the caller, so the carriers stay free.
 * A caller interrupted while it waits (its connection has gone) cancels its read: one
 * still queued never runs, and one running is interrupted, which the SQLite store turns
 * into a stop at its next check. Writes go through unchanged: they already share commits
 * and are bounded by the message rate.
 *
 * <p>The queue is not bounded here: each connection reads one thing at a time, so it holds
 * at most one read per connection, and the heavy-request budget bounds how often.
 */
public final class PooledReads extends ForwardingStore {
    /** Idle read threads end after this; a quiet server holds none. */
    private static final long IDLE_SECONDS = 10;

    private final ThreadPoolExecutor threads;

    private PooledReads(HistoryStore store) {
        super(store);
        int n = Math.max(1, store.readers());
        this.threads = new ThreadPoolExecutor(n, n, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("history-read-", 1).factory());
        threads.allowCoreThreadTimeOut(true);
    }

    /** {@code store} with its reads on threads of their own (once: a pooled store is returned as it is). */
    public static HistoryStore of(HistoryStore store) {
        return store instanceof PooledReads ? store : new PooledReads(store);
    }

    /** Runs {@code read} on a read thread and waits; interrupted, it cancels the read and throws CancellationException. */
    private <T> T run(Callable<T> read) {
        FutureTask<T> task = new FutureTask<>(read);
        threads.execute(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("the read's caller stopped waiting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public long lastSeq(String room) {
        return run(() -> store.lastSeq(room));
    }

    @Override
    public long lastPrivateId() {
        return run(store::lastPrivateId);
    }

    @Override
    public List<StoredEvent> before(String room, long beforeId, int limit, long viewer) {
        return run(() -> store.before(room, beforeId, limit, viewer));
    }

    @Override
    public List<StoredEvent> after(String room, long afterSeq, int limit) {
        return run(() -> store.after(room, afterSeq, limit));
    }

    @Override
    public List<StoredEvent> messages(String room, long afterSeq, long beforeSeq, int limit, boolean newest) {
        return run(() -> store.messages(room, afterSeq, beforeSeq, limit, newest));
    }

    @Override
    public StoredEvent firstFrom(String room, long seq) {
        return run(() -> store.firstFrom(room, seq));
    }

    /** The whole search on one read thread, not a hop per probe. */
    @Override
    public long seqAt(String room, Instant time) {
        return run(() -> store.seqAt(room, time));
    }

    @Override
    public List<StoredEvent> search(Collection<String> rooms, String query, long viewer, long beforeId, int limit) {
        return run(() -> store.search(rooms, query, viewer, beforeId, limit));
    }

    @Override
    public SearchResult search(Collection<String> rooms, String query, long viewer, long beforeId, int limit, int maxScan) {
        return run(() -> store.search(rooms, query, viewer, beforeId, limit, maxScan));
    }

    @Override
    public Set<String> rooms() {
        return run(store::rooms);
    }

    /** The store's owner closes the store (export, writes and the rest pass straight to it); this only lets the threads end. */
    @Override
    public void close() {
        threads.shutdown();
    }
}

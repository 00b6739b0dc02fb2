package chatroom.history;

import chatroom.chat.StoredEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's writing side, group commit without a thread of its own: an appender queues
 * its event and, if nobody is writing, writes everything queued in one transaction and
 * commits once, telling each waiting caller its id. Callers that arrive while a commit
 * runs only queue and wait: the writer takes their events along in its next
 * transaction, so a commit's cost (an fsync with synchronous=FULL) is paid per batch,
 * not per message. With nobody else writing,
 * the caller commits by itself, with no hand-over to another thread and back, which is
 * what a room's message costs most of the time. A failed batch is retried one event at a
 * time, so one bad event (a duplicate sequence number) fails only its own caller; on a
 * full disk each fails, and writing resumes with the next append once space returns.
 */
final class GroupCommitWriter implements AutoCloseable {
    /** Bounds one transaction, and so how long the first caller of a huge burst waits. */
    static final int MAX_BATCH = 1024;
    /** In a rush, commits start at least this far apart. */
    static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Paced commits carrying fewer events than this end the rush. */
    static final int PACE_KEEP = 4;

    private record Pending(StoredEvent event, String folded, CompletableFuture<Long> id) {}

    private final Opener opener;
    private final Trouble trouble;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Held while writing; guards the connection, its statements, {@code nextId} and {@code closed}. */
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;
    /** Under the lock: when the last commit began (nanoTime), and the mean gap between commits' starts. */
    private long lastStart = System.nanoTime();
    private long meanGap = PACE_NANOS;
    /** A rush: the pacer writes. Set and cleared under the lock, read without it. */
    private volatile boolean pacing;
    /** The pacer's thread runs or is starting. */
    private final AtomicBoolean pacer = new AtomicBoolean();
    /** Under the lock: the futures of what was written, completed once it is let go. */
    private List<Runnable> completions = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();

    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement insertParty;
    private long nextId;
    /** Run after each commit (the search indexer's and the checkpointer's wake-ups); set before the first append. */
    private volatile Runnable afterCommit = () -> { };

    /** {@code maxBatch} 1 commits every event on its own: only for measuring what group commit saves. */
    GroupCommitWriter(Opener opener, int maxBatch, Trouble trouble) throws SQLException {
        this.opener = opener;
        this.trouble = trouble;
        this.maxBatch = maxBatch;
        connect();
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM events")) {
            r.next();
            nextId = r.getLong(1);
        }
        connection.commit(); // ends the read, so the first batch does not write on a stale snapshot
    }

    /** Queues {@code e} without committing it: the future completes once some append or {@link #drain} commits it. */
    CompletableFuture<Long> queue(StoredEvent e, String folded) {
        Pending p = new Pending(e, folded, new CompletableFuture<>());
        queue.add(p);
        return p.id();
    }

    /** Returns once {@code e} is committed: its id. */
    long append(StoredEvent e, String folded) throws IOException {
        Pending p = new Pending(e, folded, new CompletableFuture<>());
        queue.add(p);
        drain();
        return await(p.id());
    }

    /**
     * Writes what is queued unless someone else is writing: then they will, since a writer
     * looks at the queue again after letting go of the lock. So an appender never waits in
     * line for the lock only to find its event committed; it waits for its event. In a rush
     * the pacer writes instead ({@link #paced}), so no appender's thread waits out a pace.
     */
    void drain() {
        while (!queue.isEmpty()) {
            if (pacing) {
                startPacer();
                return;
            }
            if (!lock.tryLock()) return;
            List<Runnable> done;
            try {
                if (closed) {
                    failQueued("the history store is closed");
                } else if (!rush()) {
                    while (!queue.isEmpty()) writeQueued();
                }
            } finally {
                done = takeCompletions();
                lock.unlock();
            }
            complete(done);
        }
    }

    /**
     * Under the lock, before writing: whether commits now come on average closer than a
     * quarter of {@link #PACE_NANOS} apart, a rush, which {@link #paced} takes over.
     */
    private boolean rush() {
        long now = System.nanoTime();
        // A long quiet counts as a few paces, so that a rush after it is noticed within a few dozen commits.
        meanGap += (Math.min(now - lastStart, 4 * PACE_NANOS) - meanGap) / 8;
        lastStart = now;
        if (meanGap < PACE_NANOS / 4 && maxBatch > 1) pacing = true;
        return pacing;
    }

    private void startPacer() {
        if (pacer.compareAndSet(false, true)) Thread.ofVirtual().name("history-pacer").start(this::paced);
    }

    /**
     * The pacer, while a rush lasts: a commit at most every {@link #PACE_NANOS}, so the
     * events that came meanwhile share it and their publish batch (whose cost is per batch
     * and per member: docs/PERFORMANCE.md). A message in a rush may wait that long; at a
     * chat's usual pace nothing waits. Paced commits carrying fewer than {@link #PACE_KEEP}
     * events end the rush.
     */
    private void paced() {
        try {
            for (long next = System.nanoTime() + PACE_NANOS; pacing; next += PACE_NANOS) {
                long wait = next - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(this, wait);
                else next = System.nanoTime(); // behind: the next pace counts from now
                List<Runnable> done;
                lock.lock();
                try {
                    int written = 0;
                    if (closed) failQueued("the history store is closed");
                    else while (!queue.isEmpty()) written += writeQueued();
                    lastStart = System.nanoTime();
                    if (closed || written < PACE_KEEP) pacing = false;
                } finally {
                    done = takeCompletions();
                    lock.unlock();
                }
                complete(done);
            }
        } finally {
            pacer.set(false);
        }
        drain(); // what came as the rush ended, unpaced (or by the next pacer)
    }

    /**
     * Callers are told after the lock is let go: what they do next (a room sends the
     * batch's messages to its members) then overlaps the next batch's commit instead of
     * holding it up.
     */
    private List<Runnable> takeCompletions() {
        List<Runnable> done = completions;
        completions = new ArrayList<>();
        return done;
    }

    private static void complete(List<Runnable> done) {
        for (Runnable r : done) r.run();
    }

    /** {@code r} runs after each commit (after those given before it), on the committing thread, with no lock held: it must not block. */
    void afterCommit(Runnable r) {
        Runnable before = afterCommit;
        afterCommit = () -> {
            before.run();
            r.run();
        };
    }

    /** Commits so far: fewer than appends when callers shared them. */
    long commits() {
        return commits.get();
    }

    /**
     * Waits without giving up on an interrupt: once queued, the event may be committed, and
     * a caller told "failed" would refuse a message the store then has.
     */
    private static long await(CompletableFuture<Long> id) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return id.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw new IOException(io.getMessage(), io);
                    throw new IOException("history store: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Under the lock: one transaction of what is queued, at most {@code maxBatch} events. */
    private int writeQueued() {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < maxBatch && (p = queue.poll()) != null) batch.add(p);
        if (!batch.isEmpty()) write(batch);
        return batch.size();
    }

    private void failQueued(String why) {
        Pending p;
        while ((p = queue.poll()) != null) {
            Pending failed = p;
            completions.add(() -> failed.id().completeExceptionally(new IOException(why)));
        }
    }

    private void write(List<Pending> batch) {
        try {
            commit(batch);
            return;
        } catch (SQLException | RuntimeException e) {
            recover();
            if (batch.size() == 1) {
                fail(batch.getFirst(), e);
                return;
            }
        }
        for (Pending p : batch) {
            try {
                commit(List.of(p));
            } catch (SQLException | RuntimeException e) {
                recover();
                fail(p, e);
            }
        }
    }

    private void commit(List<Pending> batch) throws SQLException {
        if (connection == null) connect();
        long first = nextId;
        try {
            for (Pending p : batch) {
                EventRows.bind(insert, nextId, p.event(), p.folded());
                insert.executeUpdate();
                for (long party : p.event().parties()) {
                    insertParty.setLong(1, party);
                    insertParty.setLong(2, nextId);
                    insertParty.executeUpdate();
                }
                nextId++;
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            nextId = first;
            throw e;
        }
        commits.incrementAndGet();
        trouble.wrote();
        completions.add(afterCommit);
        long id = first;
        for (Pending p : batch) {
            long assigned = id++;
            completions.add(() -> p.id().complete(assigned));
        }
    }

    private void fail(Pending p, Exception e) {
        String why = e instanceof SQLException sql ? Trouble.why(sql) : String.valueOf(e.getMessage());
        trouble.writeFailed(why);
        completions.add(() -> p.id().completeExceptionally(new IOException("cannot write the history store " + trouble.file() + " (" + why + ")", e)));
    }

    /** Undoes a failed transaction; a connection that cannot even roll back is replaced at the next commit. */
    private void recover() {
        if (connection == null) return;
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            disconnect();
        }
    }

    private void connect() throws SQLException {
        Connection c = opener.open();
        try {
            c.setAutoCommit(false);
            insert = c.prepareStatement(EventRows.INSERT);
            insertParty = c.prepareStatement(EventRows.INSERT_PARTY);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        connection = c;
    }

    private void disconnect() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException e) {
            // Already broken; the next commit opens a new one.
        }
        connection = null;
    }

    /** Stops taking events, commits those already taken, and closes the connection. */
    @Override
    public void close() {
        List<Runnable> done;
        lock.lock();
        try {
            if (closed) return;
            while (!queue.isEmpty()) writeQueued();
            closed = true;
            disconnect();
        } finally {
            done = takeCompletions();
            lock.unlock();
        }
        complete(done);
        // An append queued while the lock was held here found it taken and left its event to the holder: refuse it now.
        drain();
    }
}

package chatroom.history;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's only writer: one thread drains the queue, inserts everything it found in one
 * transaction and commits once, then tells each caller its id. Callers that arrive while a
 * commit runs therefore share the next one, so a commit's cost (an fsync with
 * synchronous=FULL) is paid per batch, not per message. A failed batch is retried one
 * event at a time, so one bad event (a duplicate sequence number) fails only its own caller;
 * on a full disk each fails, and the writer carries on with the next batch once space returns.
 */
final class GroupCommitWriter implements AutoCloseable {
    /** Bounds one transaction, and so how long the first caller of a huge burst waits. */
    static final int MAX_BATCH = 1024;

    private record Pending(StoredEvent event, String folded, CompletableFuture<Long> id) {}

    /** Queued last by close(): everything before it is written, then the thread ends. */
    private static final Pending STOP = new Pending(null, null, null);

    private final Opener opener;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Makes "not closed, so enqueue" atomic against close(), so nothing is queued after STOP. */
    private final ReentrantLock admission = new ReentrantLock();
    private boolean closed;
    private final AtomicLong commits = new AtomicLong();
    private final Thread thread;

    // Owned by the writer thread.
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement insertParty;
    private long nextId;

    /** {@code maxBatch} 1 commits every event on its own: only for measuring what group commit saves. */
    GroupCommitWriter(Opener opener, int maxBatch) throws SQLException {
        this.opener = opener;
        this.maxBatch = maxBatch;
        connect();
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM events")) {
            r.next();
            nextId = r.getLong(1);
        }
        connection.commit(); // ends the read, so the first batch does not write on a stale snapshot
        thread = Thread.ofPlatform().daemon().name("history-writer").start(this::run);
    }

    /** Waits until {@code e} is committed; its id. */
    long append(StoredEvent e, String folded) throws IOException {
        Pending p = new Pending(e, folded, new CompletableFuture<>());
        admission.lock();
        try {
            if (closed) throw new IOException("the history store is closed");
            queue.add(p);
        } finally {
            admission.unlock();
        }
        return await(p.id());
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

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            batch.add(take());
            queue.drainTo(batch, maxBatch - 1);
            boolean stop = batch.getLast() == STOP;
            if (stop) batch.removeLast();
            if (!batch.isEmpty()) write(batch);
            batch.clear();
            if (stop) return;
        }
    }

    private Pending take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Nobody but close() ends this thread, and it does so through the queue.
            }
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
        long id = first;
        for (Pending p : batch) p.id().complete(id++);
    }

    private static void fail(Pending p, Exception e) {
        p.id().completeExceptionally(new IOException("history store: " + e.getMessage(), e));
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
        admission.lock();
        try {
            if (closed) return;
            closed = true;
            queue.add(STOP);
        } finally {
            admission.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        disconnect();
        if (interrupted) Thread.currentThread().interrupt();
    }
}

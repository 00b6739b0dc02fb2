package chatroom.history;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import org.sqlite.ProgressHandler;

/**
 * Read-only connections, opened as needed up to a few and reused. WAL lets them read while
 * the writer commits, each seeing the last commit before its query began. Not one per
 * thread: readers run on virtual threads, thousands of them.
 */
final class ReaderPool implements AutoCloseable {
    /** The machines this runs on have a few cores; more connections would only add page caches. */
    static final int MAX_READERS = 4;
    /** SQLite steps between checks of the interrupt: often enough to stop within a millisecond or so. */
    private static final int STEPS_PER_CHECK = 10_000;

    /** One read on a borrowed connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private final Opener opener;
    private final Trouble trouble;
    private final Semaphore permits = new Semaphore(MAX_READERS);
    private final ArrayBlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_READERS);
    private volatile boolean closed;

    ReaderPool(Opener opener, Trouble trouble) {
        this.opener = opener;
        this.trouble = trouble;
    }

    /** Runs {@code read} on a connection of the pool; a failure comes out as an UncheckedIOException. */
    <T> T read(Read<T> read) {
        try {
            return readChecked(read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T readChecked(Read<T> read) throws IOException {
        permits.acquireUninterruptibly();
        Connection c = idle.poll();
        try {
            if (closed) throw new IOException("the history store is closed");
            if (c == null) c = interruptible(opener.open());
            T result = read.run(c);
            trouble.read();
            if (!closed && idle.offer(c)) {
                c = null;
                if (closed) drain(); // close() ran between the check and the offer
            }
            return result;
        } catch (SQLException e) {
            // Stopped by the progress handler for a caller who went away: no trouble with the store.
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("the read was cancelled");
            throw failed(Trouble.why(e), e);
        } catch (RuntimeException e) { // a damaged row (its JSON, say) fails like a damaged page
            throw failed(String.valueOf(e.getMessage()), e);
        } finally {
            Opener.closeQuietly(c); // nothing was written through it; a connection that failed may be in any state: a new one is cheap
            permits.release();
        }
    }

    private IOException failed(String why, Exception e) {
        trouble.readFailed(why);
        return new IOException("cannot read the history store " + trouble.file() + " (" + why + ")", e);
    }

    /**
     * A read whose thread is interrupted (its caller went away and cancelled it) stops at
     * SQLite's next check with an error, instead of running to the end for nobody.
     */
    private static Connection interruptible(Connection c) throws SQLException {
        ProgressHandler.setHandler(c, STEPS_PER_CHECK, new ProgressHandler() {
            @Override
            protected int progress() {
                return Thread.currentThread().isInterrupted() ? 1 : 0;
            }
        });
        return c;
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (Connection c; (c = idle.poll()) != null; ) Opener.closeQuietly(c);
    }
}

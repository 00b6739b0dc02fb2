package chatroom.testing;

import chatroom.chat.ForwardingStore;
import chatroom.chat.HistoryStore;
import chatroom.chat.SearchResult;
import chatroom.chat.StoredEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.Function;

/**
 * A real store whose searches wait, inside a SQLite call, until the test lets them go:
 * each first runs {@code SELECT hold()} on an in-memory SQLite connection of its own,
 * where {@code hold} waits for {@link #release()}. So a held search keeps its thread in a
 * native frame exactly as a long query over a big room does: a virtual thread there pins
 * its carrier. Everything else goes straight to the store.
 */
public final class HeldSearches extends ForwardingStore {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger interrupted = new AtomicInteger();

    public HeldSearches(HistoryStore store) {
        super(store);
    }

    /** Searches waiting inside SQLite right now. */
    public int holding() {
        return holding.get();
    }

    /** Searches whose wait was interrupted: cancelled because their connection had gone. */
    public int interrupted() {
        return interrupted.get();
    }

    /** Lets every held search, and every later one, go on. */
    public void release() {
        gate.countDown();
    }

    private void hold() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            Function.create(c, "hold", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    holding.incrementAndGet();
                    try {
                        gate.await();
                        result(1);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        error("interrupted");
                    } finally {
                        holding.decrementAndGet();
                    }
                }
            });
            s.executeQuery("SELECT hold()").close();
        } catch (SQLException e) {
            throw new IllegalStateException("held search stopped: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredEvent> search(Collection<String> rooms, String query, long viewer, long beforeId, int limit) {
        hold();
        return store.search(rooms, query, viewer, beforeId, limit);
    }

    @Override
    public SearchResult search(Collection<String> rooms, String query, long viewer, long beforeId, int limit, int maxScan) {
        hold();
        return store.search(rooms, query, viewer, beforeId, limit, maxScan);
    }

    /** The server closes the real store itself. */
    @Override
    public void close() {
        release();
    }
}

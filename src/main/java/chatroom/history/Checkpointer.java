package chatroom.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Copies what was committed from the WAL file into {@code history.db}. Left to SQLite (its
 * autocheckpoint, which every writable connection here turns off), the copy and its two
 * fsyncs would run inside the commit that crossed 1,000 pages of WAL, and every message
 * waiting on that commit would wait for the disk too: the latency tail in
 * docs/PERFORMANCE.md. A passive checkpoint never blocks the writer or a reader; one runs
 * after commits, at most once per {@link #PERIOD_NANOS}, so the WAL stays short (SQLite
 * starts it over once all of it is copied and no reader needs it).
 */
final class Checkpointer extends CommitFollower {
    /** Often enough that the WAL stays a few megabytes under any load, seldom enough to cost little. */
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Opener opener;

    Checkpointer(Opener opener, GroupCommitWriter writer) {
        super("history-checkpoint", writer);
        this.opener = opener;
    }

    /**
     * A connection of its own each time, a fraction of a millisecond against the copy. A
     * failure (a full disk) leaves the WAL to grow and is tried again after the next commit;
     * the commits themselves go on, and the last connection's close copies the rest.
     */
    @Override
    protected boolean step() {
        try (Connection c = opener.open(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException | RuntimeException e) {
            // As above: the next commit tries again.
        }
        return false;
    }

    @Override
    protected long restNanos() {
        return PERIOD_NANOS;
    }
}

package chatroom.history;

import java.util.concurrent.locks.LockSupport;

/**
 * Fills the trigram search index behind the commits, on a thread of its own, so that a
 * message waits only for its row to be committed, not for its entry in the index (about
 * 30 µs of CPU a message, docs/PERFORMANCE.md). Woken by each commit, it indexes what is
 * committed in small transactions until it is up to date, then sleeps; at start it catches
 * up with whatever an earlier run left unindexed. A search meanwhile reads the index up to
 * where it reaches and the messages after it one by one, so nothing said is unfindable.
 */
final class SearchIndexer implements AutoCloseable {
    /** Ids per transaction: about a millisecond of the writer's lock, so an appender never waits long behind it. */
    static final int BATCH = 32;

    private final GroupCommitWriter writer;
    private final Thread thread;
    private volatile boolean closed;

    /** A platform thread: SQLite's native code would pin a virtual thread's carrier for each batch anyway. */
    SearchIndexer(GroupCommitWriter writer) {
        this.writer = writer;
        this.thread = Thread.ofPlatform().daemon().name("history-index").unstarted(this::run);
        writer.afterCommit(this::wake);
    }

    void start() {
        thread.start();
    }

    /** Something was committed: index it soon. Never blocks. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            if (writer.index(BATCH) == 0) LockSupport.park(this); // up to date: until the next commit (or close)
        }
    }

    /** Stops after the batch in progress; what is left is indexed at the next start. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the batch must end before the writer's connection closes
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}

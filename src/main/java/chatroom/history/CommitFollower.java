package chatroom.history;

import java.util.concurrent.locks.LockSupport;

/**
 * Work that follows the writer's commits on a platform thread of its own (SQLite's native
 * code would pin a virtual thread's carrier anyway), so that no commit, and no message
 * waiting on one, waits for it: woken by each commit, it works in steps until there is
 * nothing left, then sleeps until the next commit.
 */
abstract class CommitFollower implements AutoCloseable {
    private final Thread thread;
    private volatile boolean closed;
    /** A commit came since the last step began. */
    private volatile boolean committed;
    /** In {@link #rest()}: commits only mark {@link #committed}, so a busy writer does not wake it for nothing. */
    private volatile boolean resting;

    CommitFollower(String name, GroupCommitWriter writer) {
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        writer.afterCommit(this::wake);
    }

    void start() {
        thread.start();
    }

    /** Something was committed. Never blocks. */
    final void wake() {
        committed = true;
        if (!resting) LockSupport.unpark(thread);
    }

    /** One step of the work; false when nothing is left until the next commit. */
    protected abstract boolean step();

    /** How long to wait after a step that left nothing to do, whatever is committed meanwhile; 0 by default. */
    protected long restNanos() {
        return 0;
    }

    /** Whether {@link #close} was called: a step that waits stops waiting. */
    protected final boolean closed() {
        return closed;
    }

    private void run() {
        while (!closed) {
            committed = false;
            if (step()) continue;
            rest();
            // Up to date: until the next commit, or close (whose wake-up a step may have used up already).
            if (!committed && !closed) LockSupport.park(this);
        }
    }

    private void rest() {
        long until = System.nanoTime() + restNanos();
        resting = true;
        try {
            for (long left; !closed && (left = until - System.nanoTime()) > 0; ) LockSupport.parkNanos(this, left);
        } finally {
            resting = false;
        }
    }

    /** Stops after the step in progress, which must end before the writer's connection closes. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}

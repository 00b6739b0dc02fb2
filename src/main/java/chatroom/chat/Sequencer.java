package chatroom.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A room's numbered events on their way out. Each goes out once the store has it, and
 * only after every event numbered before it, so members see one order and nothing that is
 * not stored. The room's lock covers only numbering and queueing: the commit happens
 * outside it, and whoever completes a commit sends what it made ready, so a busy room's
 * messages share commits, and one batch goes out while the next is being committed.
 */
final class Sequencer {
    /**
     * One event: {@code deliver} runs once {@code stored} is done and every earlier step is
     * out. If storing failed, {@code unstored} runs first, then {@code deliver} too when
     * {@code regardless} (joins and leaves happen whether or not they are written down); a
     * message the store cannot take is refused, and reaches nobody.
     */
    static final class Step {
        private final CompletableFuture<Long> stored;
        private final Runnable deliver;
        private final Runnable unstored;
        private final boolean regardless;
        private final CompletableFuture<Boolean> out = new CompletableFuture<>();

        private Step(CompletableFuture<Long> stored, Runnable deliver, Runnable unstored, boolean regardless) {
            this.stored = stored;
            this.deliver = deliver;
            this.unstored = unstored;
            this.regardless = regardless;
        }

        /** Completes (true when stored) once the step is out. */
        CompletableFuture<Boolean> out() {
            return out;
        }
    }

    /** For events that are not stored (joins and leaves of rooms too big to announce). */
    static final CompletableFuture<Long> NOT_STORED = CompletableFuture.completedFuture(0L);

    private final HistoryStore store;
    private final ConcurrentLinkedQueue<Step> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sending = new ReentrantLock();

    Sequencer(HistoryStore store) {
        this.store = store;
    }

    /** A message: called under the room's lock, in number order; {@code unstored} runs if the store cannot take it. */
    Step add(CompletableFuture<Long> stored, Runnable deliver, Runnable unstored) {
        Step step = new Step(stored, deliver, unstored, false);
        pending.add(step);
        return step;
    }

    /** A join or leave: goes out even if the store cannot take it, after {@code unstored} has noted that. */
    Step addRegardless(CompletableFuture<Long> stored, Runnable unstored, Runnable deliver) {
        Step step = new Step(stored, deliver, unstored, true);
        pending.add(step);
        return step;
    }

    /**
     * Called after the room's lock is released: commits what the store has queued (unless
     * someone else is committing it; then they send it). Does not wait for the step to go
     * out: a sender's next message can be numbered while this one is being committed.
     */
    void dispatch(Step step) {
        store.commit();
        // Runs here if the step is stored already, else on the thread that completes its commit.
        step.stored.whenComplete((id, failure) -> send());
    }

    /** {@link #dispatch}, then waits until {@code step} is out. False when the store could not take it. */
    boolean finish(Step step) {
        dispatch(step);
        return step.out.join();
    }

    /**
     * Sends ready steps from the head, unless someone else is sending: then they will, since
     * a sender looks at the head again after letting go of the lock.
     */
    private void send() {
        while (true) {
            Step head = pending.peek();
            if (head == null || !head.stored.isDone()) return;
            if (!sending.tryLock()) return;
            try {
                Step s;
                while ((s = pending.peek()) != null && s.stored.isDone()) {
                    pending.poll();
                    boolean ok = !s.stored.isCompletedExceptionally();
                    try {
                        if (!ok) s.unstored.run();
                        if (ok || s.regardless) s.deliver.run();
                    } finally {
                        s.out.complete(ok); // whatever happened, the steps behind it must not wait for ever
                    }
                }
            } finally {
                sending.unlock();
            }
        }
    }
}

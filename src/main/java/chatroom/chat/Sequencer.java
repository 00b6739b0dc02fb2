package chatroom.chat;

import chatroom.history.HistoryStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A room's numbered events on their way out. Each goes out once the store has it, and
 * only after every event numbered before it, so members see one order and nothing that is
 * not stored. The room's lock covers only numbering and queueing: the commit happens
 * outside it, so the messages of one busy room share commits instead of taking one each.
 */
final class Sequencer {
    /**
     * One event: {@code deliver} runs once {@code stored} is done and every earlier step is
     * out; if storing failed, only when {@code regardless} (joins and leaves happen whether
     * or not they are written down; a message the store cannot take is refused).
     */
    static final class Step {
        private final CompletableFuture<Long> stored;
        private final Runnable deliver;
        private final boolean regardless;
        private final CompletableFuture<Boolean> out = new CompletableFuture<>();

        private Step(CompletableFuture<Long> stored, Runnable deliver, boolean regardless) {
            this.stored = stored;
            this.deliver = deliver;
            this.regardless = regardless;
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

    /** A message: called under the room's lock, in number order. */
    Step add(CompletableFuture<Long> stored, Runnable deliver) {
        return add(stored, deliver, false);
    }

    /** A join or leave: goes out even if the store cannot take it. */
    Step addRegardless(CompletableFuture<Long> stored, Runnable deliver) {
        return add(stored, deliver, true);
    }

    private Step add(CompletableFuture<Long> stored, Runnable deliver, boolean regardless) {
        Step step = new Step(stored, deliver, regardless);
        pending.add(step);
        return step;
    }

    /**
     * Called after the room's lock is released: commits what the store has queued (unless
     * someone else is committing it), sends every step that is ready, and returns once
     * {@code step} is out. False when the store could not take it: then it was sent to nobody.
     */
    boolean finish(Step step) {
        store.commit();
        try {
            step.stored.join();
        } catch (RuntimeException e) {
            // Not stored: it is skipped when its turn comes.
        }
        send();
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

package chatroom.chat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded engine of {@link RoomLog}: numbers in memory, stores in this server's
 * {@link HistoryStore}, publishes in process. The whole path of a room's event:
 *
 * <ol>
 *   <li><b>Numbering</b>, under the room's lock ({@link #append}): the next number, the
 *       entry's log line, the event queued in the store ({@link HistoryStore#queue}), a
 *       step at the tail of the room's line ({@code pending}).
 *   <li><b>Storing</b>, after the room's lock ({@link #send}): {@link HistoryStore#commit}
 *       writes everything queued (this room's, other rooms', private messages) in one
 *       transaction, unless another thread is committing: then that thread takes ours along.
 *   <li><b>Publishing</b>, in number order, one publisher at a time ({@code publishing},
 *       taken with {@code tryLock}; whoever holds it looks at the head again after letting
 *       go). Who publishes a room's events is always one of the room's own threads:
 *       <ul>
 *         <li>the thread that appended to this room, right after its commit, when it finds
 *             events stored at the head (most of the time: it committed them itself), or
 *         <li>the room's delivery thread (a virtual thread named {@code room-NAME}), started
 *             when a commit completes this room's events on some other thread (another
 *             room's sender, a private message's, the test's) while none of this room's
 *             appenders is about to look; it publishes what is ready and ends.
 *       </ul>
 *       The committing thread itself never publishes another room's events.
 * </ol>
 *
 * Publishing only enqueues ({@link Session#deliver}), so a room's delivery costs one
 * hand-off per batch at most, never one per member; the steps published in one go are one
 * {@link DeliveryBatch}, so each member's share of them leaves in one write.
 */
final class EmbeddedRoomLog implements RoomLog {
    /** The embedded engine over {@code store}. */
    static Engine over(HistoryStore store) {
        return (room, issued) -> new EmbeddedRoomLog(room, store, Math.max(store.lastSeq(room), issued));
    }

    /** For a turn with nothing to store. */
    private static final CompletableFuture<Long> NOTHING_TO_STORE = CompletableFuture.completedFuture(0L);

    private static final class Step extends RoomLog.Step {
        private final CompletableFuture<Long> stored;
        private final Entry entry; // null for a pass
        private final Runnable pass;

        Step(long seq, CompletableFuture<Long> stored, Entry entry, Runnable pass) {
            super(seq);
            this.stored = stored;
            this.entry = entry;
            this.pass = pass;
        }

        void go() {
            go(!stored.isCompletedExceptionally());
        }

        @Override
        protected void run(boolean ok) {
            if (entry == null) {
                pass.run();
            } else {
                if (!ok) entry.unkept();
                if (ok || entry.regardless()) entry.publish();
            }
        }
    }

    private final String room;
    private final HistoryStore store;
    /** The last number given; written under the room's lock. */
    private volatile long last;
    private final ConcurrentLinkedQueue<Step> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock publishing = new ReentrantLock();
    /** Threads that appended and have not yet looked at the head after their commit: one of them will publish. */
    private final AtomicInteger appenders = new AtomicInteger();
    /** The room's {@code room-NAME} thread, for what another thread's commit or Lettuce's made ready. */
    private final DeliveryThread delivery;

    private EmbeddedRoomLog(String room, HistoryStore store, long last) {
        this.room = room;
        this.delivery = new DeliveryThread(room, this::publishReady, this::readyAndFree);
        this.store = store;
        this.last = last;
    }

    @Override
    public long last() {
        return last;
    }

    @Override
    public Turn append(Entry entry) throws IOException {
        long seq = last + 1;
        entry.numbered(seq); // written down first: if it cannot be, the number is not used
        last = seq;
        return add(new Step(seq, store.queue(entry.event(seq)), entry, null));
    }

    @Override
    public Turn pass(Runnable publish) {
        return add(new Step(0, NOTHING_TO_STORE, null, publish));
    }

    private Step add(Step step) {
        appenders.incrementAndGet(); // before the step can complete: its own commit will find it
        pending.add(step);
        if (!step.stored.isDone()) step.stored.whenComplete((id, failure) -> storedElsewhere());
        return step;
    }

    @Override
    public void send() {
        try {
            store.commit();
        } finally {
            appenders.decrementAndGet();
        }
        publishReady();
    }

    /**
     * A commit completed one of this room's steps, on whatever thread committed. If an
     * appender of this room has yet to look at the head, it will publish; otherwise the
     * room's delivery thread does. (The appender decrements before it looks, so a step
     * completed while the count was above zero is seen by that look.)
     */
    private void storedElsewhere() {
        if (appenders.get() > 0) return;
        delivery.start();
    }

    /** Something is ready at the head and nobody is publishing (who is will look again when done). */
    private boolean readyAndFree() {
        Step head = pending.peek();
        return head != null && head.stored.isDone() && !publishing.isLocked();
    }

    /**
     * Publishes ready steps from the head, unless someone else is publishing: then they will,
     * since a publisher looks at the head again after letting go of the lock.
     */
    private void publishReady() {
        while (true) {
            Step head = pending.peek();
            if (head == null || !head.stored.isDone()) return;
            if (!publishing.tryLock()) return;
            try {
                DeliveryBatch.of(this::publishHead);
            } finally {
                publishing.unlock();
            }
        }
    }

    /** Under {@code publishing}: the stored steps at the head, in order, as one batch for each member. */
    private void publishHead() {
        Step s;
        while ((s = pending.peek()) != null && s.stored.isDone()) {
            pending.poll();
            s.go();
        }
    }

    @Override
    public String toString() {
        return "the log of " + room;
    }
}

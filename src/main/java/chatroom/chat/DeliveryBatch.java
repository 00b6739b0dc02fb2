package chatroom.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Several events published in a row on one thread, as one batch for each recipient: while
 * a batch runs, a door that would start sending on the first event it is given (a
 * connection's writer) can put that start off to the batch's end, so a member's share of
 * the batch leaves in one write instead of one per event. Nothing is reordered: what is
 * delivered is queued at once, in order; only the sending waits for the batch to end.
 */
public final class DeliveryBatch {
    /** The current thread's batch: what to start at its end, or null outside a batch. */
    private static final ThreadLocal<List<Runnable>> STARTS = new ThreadLocal<>();

    private DeliveryBatch() {}

    /** Runs {@code publishing} as one batch (inside one already running, as part of that one). */
    public static void of(Runnable publishing) {
        if (STARTS.get() != null) {
            publishing.run();
            return;
        }
        List<Runnable> starts = new ArrayList<>();
        STARTS.set(starts);
        try {
            publishing.run();
        } finally {
            STARTS.remove();
            // A start is each recipient's own writer: none may be lost because another failed.
            RuntimeException first = null;
            for (Runnable start : starts) {
                try {
                    start.run();
                } catch (RuntimeException e) {
                    if (first == null) first = e;
                    else first.addSuppressed(e);
                }
            }
            if (first != null) throw first;
        }
    }

    /** Whether the current thread is publishing a batch (its starts run at the end, outside any room's lock). */
    public static boolean running() {
        return STARTS.get() != null;
    }

    /** Runs {@code start} at the end of the current thread's batch, or now outside one. */
    public static void atEnd(Runnable start) {
        List<Runnable> starts = STARTS.get();
        if (starts == null) start.run();
        else starts.add(start);
    }
}

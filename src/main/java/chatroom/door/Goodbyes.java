package chatroom.door;

import java.util.Collection;

/** How a stopping server waits for its connections' last words: all of them within one deadline, whatever the door. */
public final class Goodbyes {
    /** How long a stopping server waits for goodbyes to be sent before the door cuts what is left. */
    static final long WAIT_MILLIS = 3_000;

    private Goodbyes() {}

    /** What waiting for one connection's goodbye means to a door, up to {@code millis}. */
    @FunctionalInterface
    public interface Wait<T> {
        void await(T connection, long millis) throws InterruptedException;
    }

    /** Waits for each in turn, all within {@link #WAIT_MILLIS}; stops at the deadline, or when interrupted (the interrupt kept). */
    public static <T> void await(Collection<T> connections, Wait<T> wait) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        for (T connection : connections) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return;
            try {
                wait.await(connection, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

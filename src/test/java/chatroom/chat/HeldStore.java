package chatroom.chat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A store whose commits the test decides: while holding, queued events wait until
 * {@link #commitHeld} or {@link #failHeld}; otherwise each is stored at once. Reads find
 * nothing. For the rules about what happens while a room's messages are being stored.
 */
final class HeldStore extends ForwardingStore {
    private final List<CompletableFuture<Long>> held = new ArrayList<>();
    private boolean holding;
    /** While set, reading a room's messages after a number ({@link #after}, a joiner's replay) waits for it. */
    volatile java.util.concurrent.CountDownLatch afterGate;
    /** What {@link #after} finds. */
    volatile List<StoredEvent> afterResult = List.of();
    private long nextId = 1;

    HeldStore() {
        super(NoHistory.INSTANCE); // reads find nothing
    }

    synchronized void hold() {
        holding = true;
    }

    /** How many queued events wait for the test. */
    synchronized int heldCount() {
        return held.size();
    }

    /** Stores everything held, in the order queued, and stops holding. */
    void commitHeld() {
        release(f -> f.complete(id()));
    }

    /** Fails everything held, as a full disk would, and stops holding. */
    void failHeld() {
        release(f -> f.completeExceptionally(new IOException("disk full")));
    }

    /** Outside the lock: completing runs the room's sending, as a real commit's caller does. */
    private void release(Consumer<CompletableFuture<Long>> how) {
        List<CompletableFuture<Long>> now;
        synchronized (this) {
            holding = false;
            now = List.copyOf(held);
            held.clear();
        }
        now.forEach(how);
    }

    private synchronized long id() {
        return nextId++;
    }

    @Override
    public long append(StoredEvent e) {
        return id();
    }

    @Override
    public synchronized CompletableFuture<Long> queue(StoredEvent e) {
        if (!holding) return CompletableFuture.completedFuture(nextId++);
        CompletableFuture<Long> f = new CompletableFuture<>();
        held.add(f);
        return f;
    }

    @Override
    public List<StoredEvent> after(String room, long afterSeq, int limit) {
        java.util.concurrent.CountDownLatch gate = afterGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return afterResult;
    }

}

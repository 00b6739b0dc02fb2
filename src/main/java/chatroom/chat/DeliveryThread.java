package chatroom.chat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A room's delivery thread, {@code room-NAME}: started by whoever finds something ready
 * that none of the room's own threads will publish, it publishes what is ready and ends
 * when nothing is. At most one runs per room; one ending looks again, so nothing made
 * ready as it stopped is left waiting. Both engines' logs use it.
 */
public final class DeliveryThread {
    private final String name;
    private final Runnable publishReady;
    private final BooleanSupplier readyAndFree;
    private final AtomicBoolean running = new AtomicBoolean();

    /** {@code readyAndFree}: something is ready and nobody is publishing. */
    public DeliveryThread(String room, Runnable publishReady, BooleanSupplier readyAndFree) {
        this.name = "room-" + room;
        this.publishReady = publishReady;
        this.readyAndFree = readyAndFree;
    }

    /** Starts the thread unless it runs already (it will look again before it ends). */
    public void start() {
        if (running.compareAndSet(false, true)) Thread.ofVirtual().name(name).start(this::run);
    }

    private void run() {
        do {
            try {
                publishReady.run();
            } finally {
                running.set(false); // even after a publish that threw: the room's next delivery must start
            }
        } while (readyAndFree.getAsBoolean() && running.compareAndSet(false, true));
    }
}

package chatroom.record;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's console mirror of its log, for a person watching. It must never slow the
 * server: lines are queued and printed by a thread of their own, and when the terminal
 * cannot keep up, lines are dropped and counted rather than waited for.
 */
public final class Console implements AutoCloseable {
    private static final int QUEUE = 10_000;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final PrintStream out;
    private final boolean quiet;
    private final Thread printer;
    private volatile boolean running = true;

    public Console(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
        this.printer = quiet ? null : Thread.ofPlatform().daemon().name("console").start(this::print);
    }

    public void show(String line) {
        if (quiet) return;
        if (!lines.offer(line)) dropped.incrementAndGet();
    }

    private void print() {
        try {
            while (running || !lines.isEmpty()) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) continue;
                long missed = dropped.getAndSet(0);
                if (missed > 0) out.println("(console fell behind: " + missed + " lines not shown; the log file has them)");
                out.println(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    /** Prints what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        if (printer != null) {
            try {
                printer.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

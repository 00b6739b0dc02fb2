package chatroom.door;

import chatroom.chat.Outgoing;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One connection's outbound queue and the writer that drains it. Adding never blocks, so
 * a room can tell everyone while holding its lock; a reader further behind than the
 * limit overflows the queue and is cut off instead of slowing anyone down. The writer
 * sends everything queued at once, in as few writes as it can. What it writes is the
 * bytes the door encoded for the whole broadcast (see {@link Outgoing}), so nothing is
 * encoded or converted per recipient. Every door uses one: TCP writes into a socket's
 * stream, the web door sends each event as one WebSocket message.
 */
public final class Outbox implements Runnable {
    private static final int MAX_WRITE = 64 * 1024;
    private final Sink out;
    private final Function<Outgoing, byte[]> encoder;
    private final long limit;
    private final Runnable onOverflow;
    private final Runnable afterLast;
    private final ReentrantLock lock = new ReentrantLock();
    /** Offers go here; the writer swaps it with {@link #draining} and writes that one, so nothing is copied. */
    private ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private ArrayDeque<Outgoing> draining = new ArrayDeque<>();
    private long queuedBytes;
    private boolean finishing;
    /** The writer's thread, and whether it is parked waiting for work (both under the lock). */
    private Thread writer;
    private boolean parked;
    private volatile boolean overflowed;
    private volatile boolean broken;

    /**
     * @param onOverflow called once, on the thread that overflowed the queue; must not block
     * @param afterLast  called once everything was sent after {@link #finish()}
     */
    public Outbox(Sink out, Function<Outgoing, byte[]> encoder, long limit, Runnable onOverflow, Runnable afterLast) {
        this.out = out;
        this.encoder = encoder;
        this.limit = limit;
        this.onOverflow = onOverflow;
        this.afterLast = afterLast;
    }

    public void offer(Outgoing outgoing) {
        int weight = outgoing.event().weight();
        boolean overflowNow = false;
        Thread wake;
        lock.lock();
        try {
            if (finishing || overflowed || broken) return;
            // One event larger than the limit still goes out when nothing else waits.
            if (!queue.isEmpty() && queuedBytes + weight > limit) {
                overflowed = true;
                overflowNow = true;
                queue.clear();
            } else {
                queue.add(outgoing);
                queuedBytes += weight;
            }
            wake = wakeWriter();
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(wake);
        if (overflowNow) onOverflow.run();
    }

    /** Under the lock: the writer's thread if it is parked (it is then no longer counted as parked), else null. */
    private Thread wakeWriter() {
        if (!parked) return null;
        parked = false;
        return writer;
    }

    /** Sends what is queued, then stops; later offers are dropped. */
    public void finish() {
        Thread wake;
        lock.lock();
        try {
            finishing = true;
            wake = wakeWriter();
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(wake);
    }

    public boolean overflowed() {
        return overflowed;
    }

    /**
     * The writer: parks while there is nothing to send (woken by {@link #offer} only when
     * parked, so a busy writer costs its deliverers no wake-up), then writes everything
     * queued as one batch. Nothing is allocated per event or per batch.
     */
    @Override
    public void run() {
        lock.lock();
        writer = Thread.currentThread();
        lock.unlock();
        try {
            while (true) {
                ArrayDeque<Outgoing> batch;
                boolean last;
                lock.lock();
                try {
                    while (queue.isEmpty() && !finishing && !overflowed) {
                        if (Thread.currentThread().isInterrupted()) return;
                        parked = true;
                        lock.unlock();
                        try {
                            LockSupport.park(this);
                        } finally {
                            lock.lock();
                        }
                    }
                    parked = false;
                    if (overflowed) return;
                    batch = queue;
                    queue = draining;
                    draining = batch;
                    queuedBytes = 0;
                    last = finishing;
                } finally {
                    lock.unlock();
                }
                Outgoing outgoing;
                while ((outgoing = batch.poll()) != null) out.write(encoder.apply(outgoing));
                out.flush();
                if (last) {
                    afterLast.run();
                    return;
                }
            }
        } catch (IOException e) {
            broken = true; // the reader side notices the dead connection and cleans up
        }
    }

    /** Where the writer puts each encoded event; {@link #flush()} ends a batch. */
    public interface Sink {
        void write(byte[] encoded) throws IOException;

        void flush() throws IOException;

        /**
         * A byte stream (a socket's): events run together as the lines they already are,
         * gathered into one write per batch where it fits in {@value #MAX_WRITE} bytes.
         */
        static Sink of(OutputStream stream) {
            return new Sink() {
                private final List<byte[]> frames = new ArrayList<>();

                @Override
                public void write(byte[] encoded) {
                    frames.add(encoded);
                }

                @Override
                public void flush() throws IOException {
                    try {
                        gather(stream, frames);
                    } finally {
                        frames.clear();
                    }
                }
            };
        }
    }

    /**
     * One write per batch where it fits in {@link #MAX_WRITE}. The buffer is made per batch,
     * not kept: 10,000 idle members each holding one was 80 MB, and a lone frame (what
     * moderate load mostly sees) is written as it is, with no copy at all.
     */
    private static void gather(OutputStream out, List<byte[]> frames) throws IOException {
        if (frames.isEmpty()) return;
        if (frames.size() == 1) {
            out.write(frames.get(0));
            return;
        }
        long total = 0;
        for (byte[] f : frames) total += f.length;
        byte[] buffer = new byte[(int) Math.min(total, MAX_WRITE)];
        int used = 0;
        for (byte[] f : frames) {
            if (used > 0 && used + f.length > buffer.length) {
                out.write(buffer, 0, used);
                used = 0;
            }
            if (f.length > buffer.length) {
                out.write(f);
            } else {
                System.arraycopy(f, 0, buffer, used, f.length);
                used += f.length;
            }
        }
        if (used > 0) out.write(buffer, 0, used);
    }
}

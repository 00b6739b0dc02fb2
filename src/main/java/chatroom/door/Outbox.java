package chatroom.door;

import chatroom.chat.DeliveryBatch;
import chatroom.chat.Outgoing;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
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
 *
 * <p>The writer is a thread only while there is something to send: the first event
 * queued starts one (through {@code writers}), and it ends when it finds the queue empty,
 * so an idle connection holds no parked writer's stack; under load a writer drains batch
 * after batch (figures: docs/PERFORMANCE.md, "Memory and joins, again").
 */
public final class Outbox {
    private static final int MAX_WRITE = 64 * 1024;
    private final Sink out;
    private final Function<Outgoing, byte[]> encoder;
    private final long limit;
    private final Runnable onOverflow;
    private final Runnable afterLast;
    private final Runnable onBroken;
    private final Executor writers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    // Room for one to start with (the default is 16): it grows to what a busy member needs; an idle one keeps little.
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>(1);
    private long queuedBytes;
    private boolean finishing;
    /** A writer runs, or is starting: whenever the queue is not empty, and after {@link #finish()}. */
    private boolean writing;
    /** A writer is to start at the end of the current {@link DeliveryBatch} (it counts as {@link #writing} already). */
    private boolean startDeferred;
    /** The writer has stopped for good: all sent after {@link #finish()}, overflowed, or the connection broke. */
    private boolean done;
    private volatile boolean overflowed;
    private volatile boolean broken;
    private final Runnable startWriter = this::startDeferred;
    private final Runnable writeAtBatchEnd = this::writeOrStart;
    /** Bytes a write at a batch's end left unsent: the writer sends them first. */
    private byte[] pending;

    /**
     * @param onOverflow called once, on the thread that overflowed the queue; must not block
     * @param afterLast  called once everything was sent after {@link #finish()}
     * @param onBroken   called once, on the writer's thread, when a write failed (the peer has gone): the
     *                   connection's reader may be busy for a while yet and would not notice by itself
     * @param writers    runs a writer when there is something to send, each on a thread of its own (a new virtual thread)
     */
    public Outbox(Sink out, Function<Outgoing, byte[]> encoder, long limit, Runnable onOverflow, Runnable afterLast,
            Runnable onBroken, Executor writers) {
        this.onBroken = onBroken;
        this.out = out;
        this.encoder = encoder;
        this.limit = limit;
        this.onOverflow = onOverflow;
        this.afterLast = afterLast;
        this.writers = writers;
    }

    /** Runs each writer on a new virtual thread named {@code name}. */
    public static Executor virtualThreads(String name) {
        return task -> Thread.ofVirtual().name(name).start(task);
    }

    public void offer(Outgoing outgoing) {
        int weight = outgoing.event().weight();
        boolean overflowNow = false;
        boolean defer = false;
        boolean startNow = false;
        lock.lock();
        try {
            if (finishing || overflowed || broken) return;
            // One event larger than the limit still goes out when nothing else waits.
            if (!queue.isEmpty() && queuedBytes + weight > limit) {
                overflowed = true;
                overflowNow = true;
                queue.clear(); // the running writer sees the overflow and stops
            } else {
                queue.add(outgoing);
                queuedBytes += weight;
                if (!writing) {
                    writing = true;
                    startDeferred = true;
                    defer = true;
                }
                // A batch may put off the start, but never until the member looks too slow by the batch alone.
                if (startDeferred && queuedBytes > limit / 2) {
                    startDeferred = false;
                    startNow = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (startNow) writers.execute(this::drain);
        else if (defer) DeliveryBatch.atEnd(DeliveryBatch.running() ? writeAtBatchEnd : startWriter); // this member's share in one write
        if (overflowNow) onOverflow.run();
    }

    /** A start put off to the end of a batch, unless the queue's size started the writer already. */
    private void startDeferred() {
        lock.lock();
        try {
            if (!startDeferred) return;
            startDeferred = false;
        } finally {
            lock.unlock();
        }
        writers.execute(this::drain);
    }

    /**
     * At a batch's end: where the sink can write without waiting (a socket whose reader is
     * parked), the publisher writes this member's share itself and no writer thread starts;
     * a writer starts for whatever the socket did not take, or when anything came meanwhile.
     */
    private void writeOrStart() {
        List<Outgoing> batch;
        lock.lock();
        try {
            if (!startDeferred) return;
            startDeferred = false;
            if (overflowed || finishing || !out.writesNow()) {
                batch = null;
            } else {
                batch = new ArrayList<>(queue);
                queue.clear();
                queuedBytes = 0;
            }
        } finally {
            lock.unlock();
        }
        if (batch == null || !writeNow(batch)) writers.execute(this::drain);
    }

    /** True when all was written and nothing else waits: no writer is needed. */
    private boolean writeNow(List<Outgoing> batch) {
        List<byte[]> frames = new ArrayList<>(batch.size());
        for (Outgoing outgoing : batch) frames.add(encoder.apply(outgoing));
        byte[] rest;
        try {
            rest = out.writeNow(frames);
        } catch (IOException e) {
            rest = Sink.join(frames); // the writer meets the failure again and reports it from its own thread
        }
        lock.lock();
        try {
            if (rest.length > 0) pending = rest;
            if (pending == null && queue.isEmpty() && !finishing && !overflowed) {
                writing = false;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Sends what is queued, then stops; later offers are dropped. */
    public void finish() {
        boolean start;
        lock.lock();
        try {
            if (finishing) return;
            finishing = true;
            start = !writing && !done;
            writing = true;
        } finally {
            lock.unlock();
        }
        if (start) writers.execute(this::drain);
    }

    public boolean overflowed() {
        return overflowed;
    }

    /**
     * Waits up to {@code millis} for the writer to have stopped for good: everything sent
     * after {@link #finish()} (or the queue overflowed, or the connection broke).
     */
    public void awaitSettled(long millis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (!done && left > 0) left = settled.awaitNanos(left);
        } finally {
            lock.unlock();
        }
    }

    /** The writer: sends batch after batch until the queue is empty, then ends (or, once finishing, says goodbye). */
    private void drain() {
        List<Outgoing> batch = new ArrayList<>();
        try {
            byte[] left;
            lock.lock();
            try {
                left = pending;
                pending = null;
            } finally {
                lock.unlock();
            }
            if (left != null && !overflowed) {
                out.write(left);
                out.flush();
            }
            while (true) {
                boolean last;
                lock.lock();
                try {
                    if (overflowed) break;
                    if (queue.isEmpty() && !finishing) {
                        writing = false; // the next offer starts another writer
                        return;
                    }
                    batch.addAll(queue);
                    queue.clear();
                    queuedBytes = 0;
                    last = finishing;
                } finally {
                    lock.unlock();
                }
                for (Outgoing outgoing : batch) out.write(encoder.apply(outgoing));
                if (!batch.isEmpty()) out.flush();
                batch.clear();
                if (last) {
                    afterLast.run();
                    break;
                }
            }
        } catch (IOException e) {
            broken = true;
            onBroken.run();
        }
        lock.lock();
        try {
            done = true;
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Where the writer puts each encoded event; {@link #flush()} ends a batch. */
    public interface Sink {
        void write(byte[] encoded) throws IOException;

        void flush() throws IOException;

        /** Whether {@link #writeNow} may write at once, never waiting (else only a writer thread writes). */
        default boolean writesNow() {
            return false;
        }

        /**
         * Writes what the wire takes at once, without waiting; returns the bytes it did not
         * take (empty: all of them), which the writer sends next.
         */
        default byte[] writeNow(List<byte[]> frames) throws IOException {
            return join(frames);
        }

        /** The frames as one array. */
        static byte[] join(List<byte[]> frames) {
            int total = 0;
            for (byte[] f : frames) total += f.length;
            byte[] all = new byte[total];
            int at = 0;
            for (byte[] f : frames) {
                System.arraycopy(f, 0, all, at, f.length);
                at += f.length;
            }
            return all;
        }

        /**
         * A byte stream (a socket's): events run together as the lines they already are,
         * gathered into one write per batch where it fits in {@value #MAX_WRITE} bytes.
         */
        static Sink of(OutputStream stream) {
            return new Sink() {
                private List<byte[]> frames = new ArrayList<>();

                @Override
                public void write(byte[] encoded) {
                    frames.add(encoded);
                }

                @Override
                public void flush() throws IOException {
                    try {
                        gather(stream, frames);
                    } finally {
                        // A join storm's batch must not leave every idle connection a long empty array.
                        if (frames.size() > 64) frames = new ArrayList<>();
                        else frames.clear();
                    }
                }
            };
        }
    }

    /**
     * One write per batch where it fits in {@link #MAX_WRITE}. The buffer is made per batch,
     * not kept, so an idle member holds none; a lone frame (what moderate load mostly sees)
     * is written as it is, with no copy at all.
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

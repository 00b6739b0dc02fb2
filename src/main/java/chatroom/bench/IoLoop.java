package chatroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The bench's one I/O thread: a {@link Selector} drives every client connection, reads
 * into one shared buffer, and hands complete lines to the {@link Driver} (the workload).
 * Whatever the driver sends during a round is written at the end of the round, so a
 * burst of sends to one connection becomes one write. One thread keeps the bench's cost
 * small and measurable (its CPU time is reported) on a machine shared with the server.
 *
 * <p>Open loop, a message due while the loop reads goes out between two reads, not after
 * every ready connection has been read. A second, nearly idle thread only keeps time: {@code select} waits in whole
 * milliseconds, so an open-loop send due 0.3 ms from now would go out up to a millisecond
 * late, and that lateness counts in the latency (it is measured from when a message was
 * due). The timer wakes the selector when the next send is due instead.
 */
final class IoLoop implements AutoCloseable {
    /** One read takes at most this much from a connection, then the next ready one gets its turn. */
    private static final int READ_BUFFER_BYTES = 128 * 1024;
    /** The loop comes round at least this often, so timers and the progress line stay fresh. */
    private static final long MAX_WAIT_MILLIS = 50;
    private static final VarHandle WAKE_AT;

    static {
        try {
            WAKE_AT = MethodHandles.lookup().findVarHandle(IoLoop.class, "wakeAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The workload: told about every connection, line and close; decides when it is done. */
    interface Driver extends LoadClient.LineSink {
        /** Timers and phase changes; returns when it wants to be called next (nanoTime), or Long.MAX_VALUE. */
        long tick(long now);

        void connected(LoadClient client, long now);

        void closed(LoadClient client, long now, String why);

        boolean finished();

        /** Open loop: when the next message is due (nanoTime), or Long.MAX_VALUE; the loop sends it between two reads. */
        default long nextSend() {
            return Long.MAX_VALUE;
        }

        /** Sends the messages due by {@code now}; only sends (the loop may be in the middle of a select). */
        default void sendDue(long now) {
        }
    }

    private final Selector selector;
    /** The servers, client i connecting to the (i mod n)th: a cluster's servers share the clients. */
    private final List<InetSocketAddress> targets;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final List<LoadClient> dirty = new ArrayList<>();
    private final Thread timer = Thread.ofPlatform().name("bench-timer").daemon().unstarted(this::keepTime);
    /** When the timer should next wake the selector (nanoTime), or {@link #UNARMED}. */
    private volatile long wakeAt = UNARMED;
    private volatile boolean stopped;
    private static final long UNARMED = Long.MAX_VALUE;
    private Driver driver;
    /** Raw door: scan what arrives for payloads instead of cutting it into lines. */
    private boolean scan;

    IoLoop(InetSocketAddress target) throws IOException {
        this(List.of(target));
    }

    IoLoop(List<InetSocketAddress> targets) throws IOException {
        this.selector = Selector.open();
        this.targets = List.copyOf(targets);
    }

    /** Starts connecting; the driver hears {@code connected} or {@code closed}. */
    void connect(LoadClient client, long now) {
        client.connectStarted = now;
        try {
            SocketChannel channel = SocketChannel.open();
            client.channel = channel;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(targets.get(client.index % targets.size()))) {
                client.key = channel.register(selector, SelectionKey.OP_READ, client);
                driver.connected(client, System.nanoTime());
            } else {
                client.key = channel.register(selector, SelectionKey.OP_CONNECT, client);
            }
        } catch (IOException e) {
            fail(client, "cannot connect: " + e.getMessage());
        }
    }

    /** Queues bytes for a client; they are written at the end of this round. */
    void send(LoadClient client, byte[] bytes) {
        if (client.closed) return;
        client.queue(bytes);
        if (!client.dirty) {
            client.dirty = true;
            dirty.add(client);
        }
    }

    /** For the raw door: received bytes are scanned for payloads ({@link LoadClient#scan}), not cut into lines. */
    void scanForPayloads(boolean scan) {
        this.scan = scan;
    }

    /** Queues bytes and writes them now, as a write of their own (what is left goes out when the socket has room). */
    void sendNow(LoadClient client, byte[] bytes) {
        send(client, bytes);
        flushDirty();
    }

    /** The thread that keeps time for the loop, to count as the bench's. */
    Thread timer() {
        return timer;
    }

    /** Runs the driver until it is finished. */
    void run(Driver driver) {
        this.driver = driver;
        timer.start();
        try {
            while (true) {
                long next = driver.tick(System.nanoTime());
                flushDirty();
                if (driver.finished()) return;
                long wait = next - System.nanoTime();
                if (wait <= 0) {
                    selector.selectNow(this::ready);
                } else {
                    // The timer wakes the select when next is due; the timeout is only a backstop.
                    if (wait < MAX_WAIT_MILLIS * 1_000_000) arm(next);
                    selector.select(this::ready, Math.min(MAX_WAIT_MILLIS, wait / 1_000_000 + 1));
                }
                flushDirty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void arm(long at) {
        if (at == wakeAt) return;
        wakeAt = at;
        LockSupport.unpark(timer);
    }

    private void keepTime() {
        while (!stopped) {
            long at = wakeAt;
            if (at == UNARMED) {
                LockSupport.park(this);
                continue;
            }
            long left = at - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
            } else if (WAKE_AT.compareAndSet(this, at, UNARMED)) {
                selector.wakeup();
            }
        }
    }

    private void ready(SelectionKey key) {
        LoadClient client = (LoadClient) key.attachment();
        try {
            if (key.isConnectable()) {
                if (!client.channel.finishConnect()) return;
                key.interestOps(SelectionKey.OP_READ);
                if (client.pending() && !client.dirty) {
                    client.dirty = true;
                    dirty.add(client);
                }
                driver.connected(client, System.nanoTime());
            }
            if (key.isValid() && key.isReadable()) read(client);
            if (!client.closed && key.isValid() && key.isWritable() && client.flush()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            fail(client, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void read(LoadClient client) throws IOException {
        readBuffer.clear();
        int n = client.channel.read(readBuffer);
        if (n < 0) {
            fail(client, "closed by the server");
            return;
        }
        long now = System.nanoTime();
        if (n > 0 && scan) client.scan(readBuffer.array(), n, driver, now);
        else if (n > 0) client.consume(readBuffer.array(), n, driver, now);
        // A broadcast is up to one read per client: a send due meanwhile goes out now, not after them all.
        if (now >= driver.nextSend()) {
            driver.sendDue(now);
            flushDirty();
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            LoadClient client = dirty.get(i);
            client.dirty = false;
            if (client.closed || client.key == null || !client.key.isValid()) continue;
            if ((client.key.interestOps() & SelectionKey.OP_CONNECT) != 0) continue; // written once connected
            try {
                if (!client.flush()) client.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } catch (IOException e) {
                fail(client, e.getMessage());
            }
        }
        dirty.clear();
    }

    private void fail(LoadClient client, String why) {
        if (client.closed) return;
        client.close();
        driver.closed(client, System.nanoTime(), why);
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(timer);
        for (SelectionKey key : selector.keys()) ((LoadClient) key.attachment()).close();
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

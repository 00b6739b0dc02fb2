package chatroom.tcp;

import chatroom.door.Outbox;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One clear connection's side of {@link IdleReaders}: its reader may end its thread and
 * park the socket on the shared selector, and a new reader thread carries on when it is
 * handed back. While parked the socket is non-blocking, so its writer writes what the
 * socket takes and, when it takes less, has the reader handed back for a blocking socket.
 * The reader does not park while its writer writes: a blocking write holds the channel
 * until the peer takes bytes, and the switch to non-blocking would wait as long.
 */
final class IdleWait {
    private static final byte[] NOTHING = new byte[0];
    private final SocketChannel channel;
    private final IdleReaders readers;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the socket may have become blocking, or was parked (a waiting writer then asks it back). */
    private final Condition modeChanged = lock.newCondition();
    /** Which parking this is: a hand-back of an earlier one is ignored. */
    private volatile long parking;
    private boolean parked;
    private boolean resumeAsked;
    /** The writer is in a write on the socket (see {@link #park}). */
    private boolean writing;
    /** What reads a parked socket once it is handed back: a {@link Connection}. */
    interface Reader {
        /** The name of the thread to read on, made when it starts (a parked member keeps no copy). */
        String readerName();

        /** Reads on, on the new thread. */
        void carryOn();
    }

    /** The parked reader, handed back once. */
    private Reader reader;

    IdleWait(SocketChannel channel, IdleReaders readers) {
        this.channel = channel;
        this.readers = readers;
    }

    SocketChannel channel() {
        return channel;
    }

    long parking() {
        return parking;
    }

    /**
     * On the reader thread, with nothing read and not handled: parks the socket until it has
     * bytes or {@code dueMillis} pass (0: no time); the reader then carries on on a new
     * thread ({@link Reader#carryOn()}). False when it could not: read on, and try again
     * later. It cannot while the server is stopping, nor while the writer writes: a blocking
     * write to a peer that takes nothing holds the channel, and the switch to non-blocking
     * would wait with it, holding this reader and what it has due (a keep-alive's timeout).
     */
    boolean park(int dueMillis, Reader reader) throws IOException {
        lock.lock();
        try {
            if (writing) return false;
            channel.configureBlocking(false); // under the lock: a write at a batch's end sees one mode throughout
            this.reader = reader;
            long p = ++parking;
            parked = true;
            resumeAsked = false;
            if (!readers.park(this, p, dueMillis)) {
                parked = false;
                channel.configureBlocking(true);
            }
            modeChanged.signalAll();
            return parked;
        } finally {
            lock.unlock();
        }
    }

    /** From the selector (bytes, due, asked or stopping): the reader carries on, once per parking. */
    void woken(long p) {
        Reader next;
        lock.lock();
        try {
            if (!parked || parking != p) return;
            parked = false;
            next = reader;
            reader = null;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name(next.readerName()).start(() -> {
            blocking();
            next.carryOn();
        });
    }

    /** First on a handed-back reader's thread: the socket blocks again (a closed one fails its next read). */
    private void blocking() {
        lock.lock();
        try {
            channel.configureBlocking(true);
        } catch (IOException e) {
            // closed: the reader's next read says so
        } finally {
            modeChanged.signalAll();
            lock.unlock();
        }
    }

    /** A closed connection's parked reader must still end: hands it back. */
    void wake() {
        lock.lock();
        try {
            if (parked && !resumeAsked) {
                resumeAsked = true;
                readers.resume(this, parking);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns once the socket blocks (or is closed). */
    private void awaitBlocking() throws IOException {
        lock.lock();
        try {
            while (channel.isOpen() && !channel.isBlocking()) {
                if (parked && !resumeAsked) {
                    resumeAsked = true;
                    readers.resume(this, parking);
                }
                modeChanged.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to write");
        } finally {
            lock.unlock();
        }
    }

    /**
     * The connection's sink: its writer's stream, and while the reader is parked a write
     * at a batch's end that takes what the socket takes at once, with no writer thread.
     */
    Outbox.Sink sink() {
        Outbox.Sink stream = Outbox.Sink.of(output());
        return new Outbox.Sink() {
            @Override
            public void write(byte[] encoded) throws IOException {
                stream.write(encoded);
            }

            @Override
            public void flush() throws IOException {
                stream.flush();
            }

            @Override
            public boolean writesNow() {
                return !channel.isBlocking();
            }

            @Override
            public byte[] writeNow(List<byte[]> frames) throws IOException {
                lock.lock();
                try {
                    if (channel.isBlocking()) return Outbox.Sink.join(frames); // handed back meanwhile: the writer's
                    // One buffer: the channel copies each heap buffer into a direct one of its own.
                    ByteBuffer all = ByteBuffer.wrap(frames.size() == 1 ? frames.getFirst() : Outbox.Sink.join(frames));
                    while (all.hasRemaining() && channel.write(all) > 0) {
                        // the socket took some; offer it the rest
                    }
                    if (!all.hasRemaining()) return NOTHING;
                    return Arrays.copyOfRange(all.array(), all.position(), all.limit());
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** The writer's stream: all of each write goes out, parked or not. */
    private OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (true) {
                    writeSome(buffer); // blocking: all of it; parked: what the socket takes
                    if (!buffer.hasRemaining()) return;
                    awaitBlocking();
                }
            }
        };
    }

    /** One write of the writer's, marked under the lock: the reader does not park meanwhile ({@link #park}). */
    private void writeSome(ByteBuffer buffer) throws IOException {
        lock.lock();
        try {
            writing = true;
        } finally {
            lock.unlock();
        }
        try {
            channel.write(buffer);
        } finally {
            lock.lock();
            try {
                writing = false;
            } finally {
                lock.unlock();
            }
        }
    }
}

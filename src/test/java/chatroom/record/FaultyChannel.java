package chatroom.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real file channel that fails on demand the way a full or broken disk does: a write
 * cut short and then refused, a truncate or a force that fails. Forces can also be held
 * at a gate, so a test can line recorders up behind one.
 */
final class FaultyChannel extends FileChannel {
    private final FileChannel real;
    /** Bytes the disk still takes before writes fail; negative: no limit. */
    private volatile long room = -1;
    private volatile boolean failForces;
    private final AtomicInteger failTruncates = new AtomicInteger();
    private final AtomicInteger forces = new AtomicInteger();
    /** Released once per write that completes. */
    final Semaphore writes = new Semaphore(0);
    private volatile CountDownLatch forceGate;
    private final Semaphore forcing = new Semaphore(0);

    FaultyChannel(FileChannel real) {
        this.real = real;
    }

    /** From now on the disk takes {@code bytes} more, then every write fails; negative: no limit. */
    void room(long bytes) {
        room = bytes;
    }

    void failForces(boolean fail) {
        failForces = fail;
    }

    void failTruncates(int times) {
        failTruncates.set(times);
    }

    int forces() {
        return forces.get();
    }

    /** Forces wait until {@code gate} opens; each one about to wait releases a permit of {@link #forcing()}. */
    void holdForces(CountDownLatch gate) {
        forceGate = gate;
    }

    Semaphore forcing() {
        return forcing;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        long left = room;
        if (left == 0) throw new IOException("No space left on device");
        int n;
        if (left > 0 && src.remaining() > left) {
            ByteBuffer part = src.slice().limit((int) left);
            n = real.write(part);
            src.position(src.position() + n);
        } else {
            n = real.write(src);
        }
        if (left > 0) room = left - n;
        writes.release();
        return n;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (failTruncates.getAndUpdate(t -> Math.max(0, t - 1)) > 0) throw new IOException("Input/output error");
        real.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        CountDownLatch gate = forceGate;
        if (gate != null) {
            forcing.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (failForces) throw new IOException("Input/output error");
        forces.incrementAndGet();
        real.force(metaData);
    }

    // ---- the rest as the real channel does it ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("the server log writes one buffer at a time");
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw new UnsupportedOperationException("the server log only appends");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}

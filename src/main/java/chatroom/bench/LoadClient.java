package chatroom.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One simulated person: a non-blocking connection driven by the {@link IoLoop}'s single
 * thread, so nothing here is locked. It keeps only a partial line between reads and the
 * bytes not yet written, both small, so thousands of idle clients cost little.
 */
final class LoadClient {
    private static final int FIRST_CARRY = 256;
    private static final int FIRST_OUT = 256;
    /** Longer than any payload header ({@code ~p} and five numbers, {@code ~}): the raw scan's look-ahead. */
    static final int MAX_PAYLOAD_HEADER = 96;

    final int index;
    final String name;
    SocketChannel channel;
    SelectionKey key;

    /** The start of a line whose end has not arrived yet. */
    private byte[] carry = new byte[FIRST_CARRY];
    private int carryLength;
    /** Bytes to send, in fill mode (position = end of data). */
    private ByteBuffer out = ByteBuffer.allocate(FIRST_OUT);
    boolean dirty;
    boolean closed;

    long connectStarted;
    long welcomed;
    boolean joined;
    /** Room number of the last room event seen (JSON door), -1 before the first one counted. */
    long lastSeq = -1;
    /** Message runs: what this client received from each sender. */
    Receipts receipts;
    /** Capacity runs: whether the probe arrived. */
    boolean probed;

    LoadClient(int index, String name) {
        this.index = index;
        this.name = name;
    }

    /** Something to hand each complete line to. */
    interface LineSink {
        void line(LoadClient client, byte[] b, int from, int to, long now);
    }

    /** Cuts {@code b[0, n)} into lines (a {@code \r} before the {@code \n} dropped), keeping a partial one. */
    void consume(byte[] b, int n, LineSink sink, long now) {
        int start = 0;
        int i;
        while ((i = Bytes.indexOf(b, start, n, (byte) '\n')) >= 0) {
            if (carryLength > 0) {
                keep(b, start, i);
                int end = carryLength;
                carryLength = 0;
                sink.line(this, carry, 0, end > 0 && carry[end - 1] == '\r' ? end - 1 : end, now);
            } else {
                sink.line(this, b, start, i > start && b[i - 1] == '\r' ? i - 1 : i, now);
            }
            if (closed) return;
            start = i + 1;
        }
        if (start < n) keep(b, start, n);
    }

    /**
     * The raw door: finds each {@link Payload} ({@code ~m…~} or {@code ~p…~}) in the byte
     * stream, wherever the server put it (after a prefix, two in one read, one split across
     * reads), and hands the sink just that slice. Only a possible start of a payload is
     * kept between reads, so the carry stays under {@link #MAX_PAYLOAD_HEADER} bytes. A
     * payload the server cut in two with its own text in between is not found: it counts
     * as lost.
     */
    void scan(byte[] b, int n, LineSink sink, long now) {
        byte[] r;
        int to;
        if (carryLength > 0) {
            keep(b, 0, n);
            r = carry;
            to = carryLength;
        } else {
            r = b;
            to = n;
        }
        int rest = scanFrom(r, to, sink, now);
        if (closed) return;
        if (r == carry) {
            System.arraycopy(carry, rest, carry, 0, to - rest);
            carryLength = to - rest;
        } else {
            carryLength = 0;
            keep(b, rest, n);
        }
    }

    /** Scans {@code r[0, to)}; returns where the part to keep for the next read starts ({@code to} for none). */
    private int scanFrom(byte[] r, int to, LineSink sink, long now) {
        int i = 0;
        while (true) {
            int open = Bytes.indexOf(r, i, to, Payload.MARK);
            if (open < 0) return to;
            if (open + 1 >= to) return open;
            byte kind = r[open + 1];
            if (kind != Payload.ROOM && kind != Payload.PRIVATE) {
                i = open + 1;
                continue;
            }
            int close = Bytes.indexOf(r, open + 2, Math.min(to, open + MAX_PAYLOAD_HEADER), Payload.MARK);
            if (close < 0) {
                if (to - open < MAX_PAYLOAD_HEADER) return open;
                i = open + 1;
                continue;
            }
            sink.line(this, r, open, close + 1, now);
            if (closed) return to;
            // Not close + 1: when the slice was not a payload after all, its closing mark may open the next one.
            i = close;
        }
    }

    private void keep(byte[] b, int from, int to) {
        int length = to - from;
        if (carryLength + length > carry.length) {
            byte[] bigger = new byte[Math.max(carry.length * 2, carryLength + length)];
            System.arraycopy(carry, 0, bigger, 0, carryLength);
            carry = bigger;
        }
        System.arraycopy(b, from, carry, carryLength, length);
        carryLength += length;
    }

    void queue(byte[] bytes) {
        if (out.remaining() < bytes.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes.length));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        out.put(bytes);
    }

    boolean pending() {
        return out.position() > 0;
    }

    /** Writes what it can; true when nothing is left to write. */
    boolean flush() throws IOException {
        if (out.position() == 0) return true;
        out.flip();
        try {
            channel.write(out);
        } finally {
            out.compact();
        }
        return out.position() == 0;
    }

    void close() {
        if (closed) return;
        closed = true;
        try {
            if (key != null) key.cancel();
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

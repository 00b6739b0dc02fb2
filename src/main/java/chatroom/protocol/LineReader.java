package chatroom.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into UTF-8 lines. A line ends with {@code \n} (a {@code \r} before it
 * is dropped). Over-long lines and invalid UTF-8 are reported and skipped, and reading
 * carries on: both are recoverable. Optionally (the plain door) a partial line counts as
 * complete after an idle gap, for clients that never send a newline.
 *
 * <p>Timeouts come from the socket: {@link Timeouts#set} is called before each blocking read.
 */
public final class LineReader {

    /** What one call of {@link #next} found. */
    public sealed interface Result {
        record Line(String text) implements Result {}

        /** A line longer than the limit was skipped; {@code bytes} is how long it was at least. */
        record TooLong(long bytes) implements Result {}

        record BadUtf8() implements Result {}

        /** Nothing arrived before the wait given to {@link #next} ran out. */
        record Quiet() implements Result {}

        record End() implements Result {}
    }

    /** Sets how long the next read may block (0 = for ever). */
    public interface Timeouts {
        void set(int millis) throws IOException;
    }

    private static final int SMALL_CHUNK = 256;
    private static final int LARGE_CHUNK = 8192;
    private static final byte[] NO_LINE = new byte[0];

    private final InputStream in;
    private final int maxLineBytes;
    private final int idleGapMillis;
    private final Timeouts timeouts;
    // Sized to the traffic: an idle member waits in read() holding its chunk, so a quiet
    // connection reads into a small one, and a chunk that a read fills doubles.
    private byte[] chunk = new byte[SMALL_CHUNK];
    private int pos;
    private int lim;
    // A line being put together; nothing between lines, so an idle connection holds none.
    private byte[] line = NO_LINE;
    private int length;
    private long skipped = -1; // >= 0 while skipping the rest of an over-long line
    private boolean ended;

    /** @param idleGapMillis 0 for no idle-gap completion */
    public LineReader(InputStream in, int maxLineBytes, int idleGapMillis, Timeouts timeouts) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.idleGapMillis = idleGapMillis;
        this.timeouts = timeouts;
    }

    /**
     * The next line or problem.
     *
     * @param waitMillis how long, at most, to wait for one (0 = for ever). It bounds the
     *     whole call, so a client that trickles bytes without ever ending a line still
     *     comes back as {@link Result.Quiet} in time (its partial line stays pending).
     */
    public Result next(int waitMillis) throws IOException {
        long deadline = waitMillis > 0 ? System.nanoTime() + waitMillis * 1_000_000L : 0;
        while (true) {
            while (pos < lim) {
                byte b = chunk[pos++];
                if (b == '\n') return skipped >= 0 ? endSkipping() : take();
                if (length == maxLineBytes + 1) { // one spare byte: a '\r' that ends the line does not count
                    skipped = (skipped < 0 ? 0 : skipped) + length;
                    length = 0;
                }
                append(b);
            }
            if (ended) {
                if (skipped >= 0) return endSkipping();
                return length > 0 ? take() : new Result.End();
            }
            // A partial line, over-long or not, ends at the idle gap where the door allows it.
            boolean completing = (length > 0 || skipped >= 0) && idleGapMillis > 0;
            int timeout = completing ? idleGapMillis : 0;
            if (deadline != 0) {
                long left = (deadline - System.nanoTime() + 999_999) / 1_000_000;
                if (left <= 0) return new Result.Quiet();
                if (timeout == 0 || left < timeout) timeout = (int) Math.min(Integer.MAX_VALUE, left);
            }
            timeouts.set(timeout);
            resizeChunk(); // the chunk is all consumed here
            try {
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    ended = true;
                } else {
                    pos = 0;
                    lim = n;
                }
            } catch (SocketTimeoutException e) {
                if (completing && timeout == idleGapMillis) return skipped >= 0 ? endSkipping() : take();
                return new Result.Quiet();
            }
        }
    }

    /** Whether nothing is read and not yet returned: no bytes, no partial line. */
    public boolean idle() {
        return pos >= lim && length == 0 && skipped < 0 && !ended;
    }

    /** Drops the read chunk of an {@link #idle()} reader whose connection waits elsewhere; the next read makes one. */
    public void release() {
        chunk = NO_LINE;
        pos = 0;
        lim = 0;
    }

    private void resizeChunk() {
        if (chunk.length == 0) {
            chunk = new byte[SMALL_CHUNK];
        } else if (lim == chunk.length && chunk.length < LARGE_CHUNK) {
            chunk = new byte[chunk.length * 2];
        } else if (lim <= SMALL_CHUNK / 2 && chunk.length > SMALL_CHUNK) {
            chunk = new byte[SMALL_CHUNK];
        }
    }

    private Result endSkipping() {
        long total = skipped + length;
        skipped = -1;
        length = 0;
        line = NO_LINE;
        return new Result.TooLong(total);
    }

    private void append(byte b) {
        if (length == line.length) line = Arrays.copyOf(line, Math.min(Math.max(64, line.length * 2), maxLineBytes + 1));
        line[length++] = b;
    }

    private Result take() {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') end--;
        length = 0;
        if (end > maxLineBytes) return new Result.TooLong(end);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return new Result.Line(decoder.decode(ByteBuffer.wrap(line, 0, end)).toString());
        } catch (CharacterCodingException e) {
            return new Result.BadUtf8();
        } finally {
            line = NO_LINE; // one idle connection of 10,000 must not keep a buffer
        }
    }
}

package chatroom.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches on the path every delivery takes, eight bytes at a time (SWAR): finding
 * the end of each line and the payload in it is most of what the bench does per
 * delivery, and a byte-by-byte loop made that the bench's ceiling.
 */
final class Bytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private Bytes() {
    }

    /** Where the first {@code value} is in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte value) {
        long pattern = broadcast(value);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long hits = matches((long) LONGS.get(b, i), pattern);
            if (hits != 0) return i + (Long.numberOfTrailingZeros(hits) >>> 3);
        }
        for (; i < to; i++) if (b[i] == value) return i;
        return -1;
    }

    /** Where the last {@code value} is in {@code b[from, to)}, or -1. */
    static int lastIndexOf(byte[] b, int from, int to, byte value) {
        long pattern = broadcast(value);
        int i = to;
        for (; i - Long.BYTES >= from; i -= Long.BYTES) {
            long hits = matches((long) LONGS.get(b, i - Long.BYTES), pattern);
            if (hits != 0) return i - 1 - (Long.numberOfLeadingZeros(hits) >>> 3);
        }
        for (i--; i >= from; i--) if (b[i] == value) return i;
        return -1;
    }

    private static long broadcast(byte value) {
        return (value & 0xFFL) * 0x0101010101010101L;
    }

    /** The high bit of each byte of {@code word} that equals the pattern's byte; exact, no false hits. */
    private static long matches(long word, long pattern) {
        long x = word ^ pattern;
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }
}

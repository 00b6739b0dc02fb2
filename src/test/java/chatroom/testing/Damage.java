package chatroom.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Damages a SQLite file as a failing disk or a stray write would, for the store's fault tests. */
public final class Damage {
    /** SQLite's default page size, which the store keeps. */
    private static final int PAGE = 4096;

    private Damage() {}

    /**
     * Overwrites every page but the first (the header and schema, so the file still opens)
     * with a pattern that is no valid b-tree page: reads and writes then fail with SQLITE_CORRUPT.
     */
    public static void pagesAfterTheFirst(Path db) throws IOException {
        try (FileChannel file = FileChannel.open(db, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[PAGE];
            Arrays.fill(junk, (byte) 0x5A);
            for (long at = PAGE; at < file.size(); at += PAGE) file.write(ByteBuffer.wrap(junk), at);
            file.force(true);
        }
    }
}

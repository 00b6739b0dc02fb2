package chatroom.record;

import chatroom.chat.Recorder;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's record on disk: one file per day, {@code chatroom-YYYY-MM-DD.log} in the
 * data directory, one event per line behind an ISO-8601 timestamp with offset. Each line
 * is handed to the operating system before the event is delivered, so killing the
 * server never loses what a client has seen. Files are owner-only.
 */
public final class ServerLog implements Recorder, Closeable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private final Path dir;
    private final ZoneId zone;
    private final Console console;
    private final ReentrantLock lock = new ReentrantLock();
    private FileChannel file;
    private LocalDate day;
    private boolean closed;

    public ServerLog(Path dir, ZoneId zone, Console console) throws IOException {
        this.dir = dir;
        this.zone = zone;
        this.console = console;
        Owner.folder(dir);
    }

    /** The file a day's events go to. */
    public Path fileFor(LocalDate date) {
        return dir.resolve("chatroom-" + date + ".log");
    }

    @Override
    public void record(Instant time, String line) throws IOException {
        String text = STAMP.format(time.atZone(zone)) + " " + line;
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (closed) throw new IOException("the server log is closed");
            FileChannel channel = channelFor(time.atZone(zone).toLocalDate());
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
        } finally {
            lock.unlock();
        }
        console.show(text);
    }

    private FileChannel channelFor(LocalDate date) throws IOException {
        if (file == null || !date.equals(day)) {
            if (file != null) file.close();
            Path path = fileFor(date);
            if (!Files.exists(path)) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            file = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            day = date;
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            if (file != null) {
                file.force(true);
                file.close();
            }
        } finally {
            lock.unlock();
        }
    }
}

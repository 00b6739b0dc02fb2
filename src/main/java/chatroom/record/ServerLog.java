package chatroom.record;

import chatroom.chat.Recorder;
import chatroom.files.Owner;
import chatroom.files.Why;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's record on disk: one file per day, {@code chatroom-YYYY-MM-DD.log} in the
 * data directory, one event per line behind an ISO-8601 timestamp with offset. Each line
 * is handed to the operating system in one write before the event is delivered, so
 * killing the server never loses what a client has seen; with {@code fsync} it is also
 * forced to stable storage first, one force shared by everyone waiting (group commit).
 * <p>
 * The file always ends with a whole line: a write that fails (a full disk) is cut back
 * off, and a file that a crash left ending mid-line is given a newline and a
 * {@code RECOVERED} line when it is opened again. Files are owner-only.
 */
public final class ServerLog implements Recorder, Closeable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    /** A file's tail is read backwards in blocks of this size to find the end of its last whole line. */
    private static final int TAIL_BLOCK = 8192;
    private static final Pattern DAY_FILE = Pattern.compile("chatroom-\\d{4}-\\d{2}-\\d{2}\\.log");

    /** Opens a day file for appending; a seam through which tests make writes and forces fail. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    /** A line written with fsync on, waiting for a force; settled once, by whoever forces. */
    private enum Durability { WAITING, FORCED, LOST }

    private static final class Ticket {
        volatile Durability state = Durability.WAITING;
    }

    private final Path dir;
    private final ZoneId zone;
    private final Console console;
    private final boolean fsync;
    private final PrintStream warnings;
    private final Opener opener;
    /** Guards the file and all the state below. Never wait for {@link #forceLock} while holding it. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Held by the one thread that forces the file for everyone waiting. */
    private final ReentrantLock forceLock = new ReentrantLock();
    private FileChannel file;
    private Path path;
    private LocalDate day;
    private boolean closed;
    /** Where the file should end: a failed write could not be cut off at once. -1 when it ends with a whole line. */
    private long mendTo = -1;
    /** With fsync: how much of the file is on stable storage. Every byte after it is a line in {@link #unforced}. */
    private long forcedSize;
    /** With fsync: lines written but not yet forced, oldest first. */
    private final List<Ticket> unforced = new ArrayList<>();
    /** Lines that could not be written since the last one that was, and why the first failed. */
    private long failures;
    private String failure;
    /** The time of the last line written: no line is stamped earlier. */
    private Instant lastStamped = Instant.MIN;

    public ServerLog(Path dir, ZoneId zone, Console console) throws IOException {
        this(dir, zone, console, false);
    }

    /** @param fsync force each line to stable storage before its event is delivered */
    public ServerLog(Path dir, ZoneId zone, Console console, boolean fsync) throws IOException {
        this(dir, zone, console, fsync, System.err,
                p -> FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    ServerLog(Path dir, ZoneId zone, Console console, boolean fsync, PrintStream warnings, Opener opener) throws IOException {
        this.dir = dir;
        this.zone = zone;
        this.console = console;
        this.fsync = fsync;
        this.warnings = warnings;
        this.opener = opener;
        Owner.folder(dir);
    }

    /**
     * Reads every line of the day files already in the folder, oldest day first (undecodable
     * bytes read as U+FFFD). For what the log holds before this run writes to it: the
     * numbers given out (see {@code chatroom.chat.Issued}). Throws an IOException whose
     * message names the file and says why it cannot be read.
     */
    public void eachEarlierLine(Consumer<String> line) throws IOException {
        List<Path> days;
        try (Stream<Path> files = Files.list(dir)) {
            days = files.filter(p -> DAY_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new IOException("cannot list " + dir + ": " + Why.of(e), e);
        }
        for (Path day : days) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(day), StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) line.accept(l);
            } catch (IOException e) {
                throw new IOException("cannot read " + day + ": " + Why.of(e), e);
            }
        }
    }

    /** The file a day's events go to. */
    public Path fileFor(LocalDate date) {
        return dir.resolve("chatroom-" + date + ".log");
    }

    /**
     * Writes {@code line} stamped with {@code time}, or with the last line's time when that
     * is later: callers take the time before their turn for the lock, so under load a line
     * could otherwise carry an earlier time than the line above it. The log reads in order;
     * the event itself keeps its own time (what members and the store get), at most the
     * wait for the lock earlier.
     */
    @Override
    public void record(Instant time, String line) throws IOException {
        String text;
        String stamp;
        String gap = null;
        Ticket ticket = null;
        lock.lock();
        try {
            if (closed) throw new IOException("the server log is closed");
            if (time.isBefore(lastStamped)) time = lastStamped;
            stamp = STAMP.format(time.atZone(zone));
            text = stamp + " " + line;
            try {
                FileChannel channel = channelFor(time);
                // After an outage the file says how much is missing, in the same write as the next line.
                if (failures > 0) gap = stamp + " GAP " + events(failures) + " not written (" + failure + ")";
                append(channel, gap == null ? text + "\n" : gap + "\n" + text + "\n");
            } catch (IOException e) {
                failed(e, 1);
                throw e;
            }
            lastStamped = time;
            if (failures > 0) {
                warnings.println("chatroom: the server log can be written again (" + events(failures) + " not written)");
                failures = 0;
            }
            if (fsync) {
                ticket = new Ticket();
                unforced.add(ticket);
            }
        } finally {
            lock.unlock();
        }
        if (ticket != null) awaitForced(ticket);
        if (gap != null) console.show(gap);
        console.show(text);
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            if (file != null) retire(true);
        } finally {
            lock.unlock();
        }
    }

    // ---- writing (under lock) ----

    private FileChannel channelFor(Instant time) throws IOException {
        LocalDate date = time.atZone(zone).toLocalDate();
        if (file != null && !file.isOpen()) { // closed under us (an interrupted writer): start over
            settle(unforced.size(), Durability.LOST);
            file = null;
            mendTo = -1;
        }
        if (file != null && date.equals(day)) return file;
        if (file != null) retire(false);
        Path next = fileFor(date);
        if (!Files.exists(next)) {
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        FileChannel channel = opener.open(next);
        mendTo = -1;
        try {
            mendTail(next, channel, time);
            if (fsync) {
                channel.force(false);
                forceFolder();
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        file = channel;
        path = next;
        day = date;
        forcedSize = channel.size();
        return channel;
    }

    /** Appends the text in full or not at all: a write cut short (a full disk) is cut off the file again. */
    private void append(FileChannel channel, String text) throws IOException {
        if (mendTo >= 0) {
            channel.truncate(mendTo);
            mendTo = -1;
        }
        long before = channel.size();
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            while (buffer.hasRemaining()) channel.write(buffer);
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException again) {
                mendTo = before; // cut before the next line is written, or that line fails too
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /**
     * A file that does not end with a newline was cut off mid-line by a crash. The partial
     * line stays as evidence (less a character cut in half, so the file stays UTF-8); a
     * newline and a RECOVERED line after it make every line whole again.
     */
    private void mendTail(Path at, FileChannel channel, Instant time) throws IOException {
        long size = channel.size();
        if (size == 0) return;
        long partial;
        int cut;
        try (FileChannel in = FileChannel.open(at, StandardOpenOption.READ)) {
            partial = size - 1 - lastNewline(in, size);
            if (partial == 0) return;
            cut = cutCharacter(in, size, partial);
        }
        if (cut > 0) channel.truncate(size - cut);
        String line = STAMP.format(time.atZone(zone)) + " RECOVERED previous run ended mid-line (" + (partial - cut)
                + " bytes of a partial line above" + (cut > 0 ? "; " + cut + " bytes of a cut-off character removed" : "") + ")";
        append(channel, "\n" + line + "\n");
        console.show(line);
    }

    /** The position of the file's last newline, or -1. */
    private static long lastNewline(FileChannel in, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(TAIL_BLOCK);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - TAIL_BLOCK);
            block.clear().limit((int) (end - start));
            while (block.hasRemaining()) {
                if (in.read(block, start + block.position()) < 0) throw new IOException("the log file shrank while being read");
            }
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (block.get(i) == '\n') return start + i;
            }
            end = start;
        }
        return -1;
    }

    /** How many bytes at the end of a partial line are an incomplete UTF-8 sequence (0 to 3). */
    private static int cutCharacter(FileChannel in, long size, long partial) throws IOException {
        int n = (int) Math.min(4, partial);
        ByteBuffer tail = ByteBuffer.allocate(n);
        while (tail.hasRemaining()) {
            if (in.read(tail, size - n + tail.position()) < 0) throw new IOException("the log file shrank while being read");
        }
        for (int i = n - 1; i >= 0; i--) {
            int b = tail.get(i) & 0xFF;
            if ((b & 0xC0) == 0x80) continue; // a continuation byte: look further back for the lead
            int length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            int have = n - i;
            return have < length ? have : 0;
        }
        return 0; // only continuation bytes: not UTF-8 we wrote, leave it
    }

    private static String events(long n) {
        return n == 1 ? "1 event" : n + " events";
    }

    /** A new file's name is only durable once its folder is forced too. Best effort: not every system can. */
    private void forceFolder() {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // A folder cannot be opened as a channel here; the file's own data is forced all the same.
        }
    }

    private void failed(IOException e, int lines) {
        if (lines == 0) return;
        failures += lines;
        if (failures == lines) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            warnings.println("chatroom: cannot write the server log " + (path == null ? dir : path) + " (" + failure
                    + "); messages are refused until it can be written");
        }
    }

    /**
     * Closes the current file: the day is over, or the log closes. With fsync it is forced
     * first and the lines waiting for that are settled; without, only when the log closes.
     */
    private void retire(boolean closing) throws IOException {
        FileChannel old = file;
        file = null;
        try {
            if (!old.isOpen()) return; // closed under us (an interrupted writer): nothing of it left to force
            if (mendTo >= 0) old.truncate(mendTo);
            if (fsync) forceAndSettle(old, unforced.size(), old.size(), closing);
            else if (closing) old.force(true);
        } finally {
            mendTo = -1;
            if (!unforced.isEmpty()) settle(unforced.size(), Durability.LOST); // not forced: their recorders refuse
            old.close();
        }
    }

    private void forceAndSettle(FileChannel channel, int count, long size, boolean metadata) throws IOException {
        try {
            channel.force(metadata);
        } catch (IOException e) {
            lose(channel, e);
            throw e;
        }
        settle(count, Durability.FORCED);
        forcedSize = size;
    }

    /**
     * A force failed: nothing written after the last good one was delivered (its recorders
     * are all still waiting), so it is cut off the file and every waiting line is refused.
     */
    private void lose(FileChannel channel, IOException e) {
        try {
            channel.truncate(forcedSize);
        } catch (IOException again) {
            if (channel == file) mendTo = forcedSize;
            e.addSuppressed(again);
        }
        failed(e, unforced.size());
        settle(unforced.size(), Durability.LOST);
    }

    /** Settles the oldest {@code count} waiting lines. */
    private void settle(int count, Durability state) {
        List<Ticket> done = unforced.subList(0, count);
        for (Ticket t : done) t.state = state;
        done.clear();
    }

    // ---- group commit ----

    /**
     * Returns once the ticket's line is on stable storage. Whoever gets {@link #forceLock}
     * forces everything written so far, so recorders that wrote while a force was running
     * share the next one instead of forcing one by one.
     */
    private void awaitForced(Ticket ticket) throws IOException {
        forceLock.lock();
        try {
            if (ticket.state != Durability.WAITING) {
                check(ticket);
                return;
            }
            FileChannel channel;
            int count;
            long size;
            lock.lock();
            try {
                if (ticket.state != Durability.WAITING || file == null) { // settled by a retiring file meanwhile
                    check(ticket);
                    return;
                }
                // Still waiting, so the ticket is among these, and the file it is in is open.
                channel = file;
                count = unforced.size();
                size = channel.size();
            } finally {
                lock.unlock();
            }
            IOException failure = null;
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                // Retired meanwhile (a new day, or closing): that forced and settled these lines.
            } catch (IOException e) {
                failure = e;
            }
            lock.lock();
            try {
                if (channel == file) {
                    if (failure == null) {
                        settle(count, Durability.FORCED);
                        forcedSize = size;
                    } else {
                        lose(channel, failure);
                    }
                }
            } finally {
                lock.unlock();
            }
            check(ticket);
        } finally {
            forceLock.unlock();
        }
    }

    private static void check(Ticket ticket) throws IOException {
        if (ticket.state != Durability.FORCED) throw new IOException("the server log could not be forced to disk");
    }
}

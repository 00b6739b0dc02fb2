package chatroom.client;

import chatroom.files.Owner;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * The Chatter's record on disk: every line it shows, with date-time, appended and
 * flushed as it happens, one file per name, each session between a header and a summary.
 * Owner-only, since it holds private messages.
 */
public final class Transcript implements Closeable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_FILE_NAME = 64;
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4",
            "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private final BufferedWriter out;
    private final Clock clock;
    private final Path file;
    private int shown;
    private int sent;

    private Transcript(Path file, BufferedWriter out, Clock clock) {
        this.file = file;
        this.out = out;
        this.clock = clock;
    }

    /** Opens (appending) the transcript for {@code name} in {@code dir} and writes the session header. */
    public static Transcript open(Path dir, String name, String server, Clock clock) throws IOException {
        Owner.folder(dir);
        Path file = dir.resolve(fileName(name));
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.APPEND), StandardCharsets.UTF_8));
        Transcript t = new Transcript(file, out, clock);
        t.mark("session opened: " + name + " at " + server);
        return t;
    }

    /**
     * A file name for a person's name that stays inside the folder on every system: only
     * letters, digits, _ - and . survive, no leading dot, no reserved device names, bounded
     * length; whenever anything had to change, a short hash of the real name keeps two
     * different names from sharing a file.
     */
    public static String fileName(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder safe = new StringBuilder();
        n.codePoints().forEach(cp -> {
            boolean ok = Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.';
            safe.appendCodePoint(ok ? cp : '_');
        });
        String s = safe.toString();
        while (s.startsWith(".")) s = "_" + s.substring(1);
        if (s.codePointCount(0, s.length()) > MAX_FILE_NAME) s = s.substring(0, s.offsetByCodePoints(0, MAX_FILE_NAME));
        String base = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
        boolean changed = !s.equals(n) || RESERVED.contains(base.toLowerCase(Locale.ROOT)) || s.isEmpty();
        if (changed) s = (s.isEmpty() ? "_" : s) + "-" + hash(name);
        return s + ".log";
    }

    public Path file() {
        return file;
    }

    /** A line as shown on screen; lines that carry no time of their own get one. */
    public void line(String shownLine) {
        line(null, shownLine);
    }

    /**
     * A line as shown on screen, with the room it belongs to after the time (none for
     * private messages); lines that carry no time of their own get one.
     */
    public synchronized void line(String room, String shownLine) {
        String tag = room == null ? "" : room + " ";
        for (String l : shownLine.split("\n")) {
            if (l.startsWith(" ")) {
                write(l); // a continuation line: it belongs to the line above
            } else if (startsWithTime(l) && l.length() > 20) {
                write(l.substring(0, 20) + tag + l.substring(20));
            } else {
                write(STAMP.format(clock.instant().atZone(clock.getZone())) + " " + tag + l);
            }
        }
        shown++;
    }

    public synchronized void sent() {
        sent++;
    }

    /** A line about the session itself (opened, gap, closed). */
    public synchronized void mark(String text) {
        write("=== " + STAMP.format(clock.instant().atZone(clock.getZone())) + " " + text);
    }

    @Override
    public synchronized void close() {
        mark("session closed: " + sent + " sent, " + shown + " lines shown");
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing more to write
        }
    }

    private void write(String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            // A transcript that cannot be written must not stop the chat; the screen still shows it.
        }
    }

    private static boolean startsWithTime(String line) {
        return line.length() >= 19 && Character.isDigit(line.charAt(0)) && line.charAt(4) == '-' && line.charAt(13) == ':';
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

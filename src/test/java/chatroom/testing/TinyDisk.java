package chatroom.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few KiB mounted on a folder, to fill for real. Mounting needs Linux and
 * root with CAP_SYS_ADMIN; {@link #whyNot} says why it cannot be had elsewhere.
 */
public final class TinyDisk implements AutoCloseable {
    /** How long mount and umount may take. */
    private static final long COMMAND_SECONDS = 10;

    private final Path mountPoint;
    private final String whyNot;

    private TinyDisk(Path mountPoint, String whyNot) {
        this.mountPoint = mountPoint;
        this.whyNot = whyNot;
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax: "64k") on a new folder {@code mountPoint}. */
    public static TinyDisk mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectory(mountPoint);
        boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
        String why = linux ? command("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mountPoint.toString())
                : "tmpfs mounts need Linux";
        return new TinyDisk(mountPoint, why);
    }

    /** Null when mounted; otherwise why not, for a skipped test to say. */
    public String whyNot() {
        return whyNot;
    }

    /** Writes {@code file} on the disk until no space is left. */
    public void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 4_096; i++) out.write(block); // 16 MB: far more than a tiny disk holds
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No space left")) return;
            throw e;
        }
        throw new IOException("wrote 16 MB to " + file + " without filling " + mountPoint + ": is it mounted?");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (whyNot != null) return;
        String failed = command("umount", mountPoint.toString());
        if (failed != null && command("umount", "-l", mountPoint.toString()) != null) {
            throw new IOException("cannot unmount " + mountPoint + ": " + failed);
        }
    }

    /** Null when {@code argv} succeeds, else what went wrong. */
    private static String command(String... argv) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            return argv[0] + ": " + e.getMessage();
        }
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", argv) + " took over " + COMMAND_SECONDS + " s";
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : String.join(" ", argv) + " exited " + p.exitValue() + ": " + said;
    }
}

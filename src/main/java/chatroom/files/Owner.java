package chatroom.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Records hold private messages: their files and folders are for their owner alone. */
public final class Owner {
    private Owner() {}

    /**
     * Creates the folder (and its parents) owner-only; a folder that exists is left as its
     * owner set it. Throws an IOException whose message says why the folder cannot be used
     * (not a directory, not writable, cannot be created and why), for a line after its name.
     */
    public static void folder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            // access(2): what this process may do, root included (an immutable folder or a read-only mount says no).
            if (!Files.isWritable(dir)) throw new IOException("it is not writable");
            return;
        }
        if (Files.exists(dir)) throw new IOException("it is not a directory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create it: " + whyNotCreated(dir, e), e);
        }
        only(dir, true);
    }

    /** The nearest folder that exists above {@code dir} is where creating it failed: say what is wrong with that one. */
    private static String whyNotCreated(Path dir, IOException e) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) continue;
            if (!Files.isDirectory(p)) return p + " is not a directory";
            if (!Files.isWritable(p)) return p + " is not writable";
            break;
        }
        return Why.of(e);
    }

    /**
     * The database file {@code name} in {@code dataDir}, created owner-only (0600, in a 0700
     * folder) when it is not there; one that exists keeps the mode its owner gave it. SQLite
     * gives its -wal and -shm files the database file's mode. Each IOException's message
     * names the folder or the file ({@code what}: "history store", "accounts") and says why.
     */
    public static Path databaseFile(Path dataDir, String name, String what) throws IOException {
        try {
            folder(dataDir);
        } catch (IOException e) {
            throw new IOException("cannot use the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Path file = dataDir.resolve(name);
        try {
            Files.createFile(file);
            only(file, false);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isRegularFile(file)) throw new IOException("cannot use the " + what + " " + file + ": it is not a file");
        } catch (IOException e) {
            throw new IOException("cannot create the " + what + " " + file + ": " + Why.of(e), e);
        }
        return file;
    }

    public static void only(Path path, boolean directory) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its own defaults apply.
        }
    }
}

package chatroom.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Records hold private messages: their files and folders are for their owner alone. */
public final class Owner {
    private Owner() {}

    /** Creates the folder (and its parents) owner-only; a folder that exists is left as its owner set it. */
    public static void folder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir);
        only(dir, true);
    }

    public static void only(Path path, boolean directory) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its own defaults apply.
        }
    }
}

package chatroom.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What went wrong with a file, in words for the one line a console gets. The JDK's file
 * exceptions often carry nothing but the path ({@code /data/history.db}), which says
 * where but not why.
 */
public final class Why {
    private Why() {}

    public static String of(IOException e) {
        String reason = switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NotDirectoryException n -> "not a directory";
            case NoSuchFileException n -> "no such file or directory";
            case FileAlreadyExistsException f -> "a file is in the way";
            case FileSystemException f when f.getReason() != null -> f.getReason().toLowerCase(Locale.ROOT);
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        // Say which file when it is not the one the caller names (a parent folder, say).
        return e instanceof FileSystemException f && f.getFile() != null && !reason.contains(f.getFile())
                ? reason + " (" + f.getFile() + ")" : reason;
    }
}

package chatroom.history;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens one more connection to the store's file, set up for its use (the writer's or a reader's). */
@FunctionalInterface
interface Opener {
    Connection open() throws SQLException;

    /** Closes {@code c} (null: nothing), for a caller that has nothing uncommitted to lose and nothing to do about a failure. */
    static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            // As said: nothing to lose, nothing to do.
        }
    }
}

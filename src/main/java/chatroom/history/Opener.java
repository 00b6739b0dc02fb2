package chatroom.history;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens one more connection to the store's file, set up for its use (the writer's or a reader's). */
@FunctionalInterface
interface Opener {
    Connection open() throws SQLException;
}

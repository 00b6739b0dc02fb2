package chatroom.history;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

public interface HistoryStore extends AutoCloseable {
    long append(StoredEvent e) throws IOException;

    long lastSeq(String room);

    long lastPrivateId();

    List<StoredEvent> before(String room, long beforeId, int limit, long viewer);

    default List<StoredEvent> latest(String room, int limit, long viewer) {
        return before(room, Long.MAX_VALUE, limit, viewer);
    }

    List<StoredEvent> after(String room, long afterSeq, int limit);

    List<StoredEvent> search(Collection<String> rooms, String query, long viewer, long beforeId, int limit);

    void export(String room, Instant since, Consumer<StoredEvent> sink) throws IOException;

    Set<String> rooms();

    /** No history: for a chat whose records are only its log (tests of the chat rules). */
    static HistoryStore none() {
        return NoHistory.INSTANCE;
    }
}

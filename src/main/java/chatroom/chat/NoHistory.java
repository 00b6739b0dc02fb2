package chatroom.chat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** History turned off: nothing is kept, so nothing is replayed, paged or found. */
final class NoHistory implements HistoryStore {
    static final NoHistory INSTANCE = new NoHistory();

    @Override
    public long append(StoredEvent e) {
        return 0;
    }

    @Override
    public CompletableFuture<Long> queue(StoredEvent e) {
        return CompletableFuture.completedFuture(0L);
    }

    @Override
    public void commit() {}

    @Override
    public long lastSeq(String room) {
        return 0;
    }

    @Override
    public long lastPrivateId() {
        return 0;
    }

    @Override
    public List<StoredEvent> before(String room, long beforeId, int limit, long viewer) {
        return List.of();
    }

    @Override
    public List<StoredEvent> after(String room, long afterSeq, int limit) {
        return List.of();
    }

    @Override
    public List<StoredEvent> messages(String room, long afterSeq, long beforeSeq, int limit, boolean newest) {
        return List.of();
    }

    @Override
    public StoredEvent firstFrom(String room, long seq) {
        return null;
    }

    @Override
    public SearchResult search(Collection<String> rooms, String query, long viewer, long beforeId, int limit, int maxScan) {
        return SearchResult.complete(List.of());
    }

    @Override
    public void export(String room, Instant since, Consumer<StoredEvent> sink) {}

    @Override
    public Set<String> rooms() {
        return Set.of();
    }

    @Override
    public void close() {}
}

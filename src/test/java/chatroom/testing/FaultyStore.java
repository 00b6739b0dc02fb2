package chatroom.testing;

import chatroom.chat.HistoryStore;
import chatroom.chat.StoredEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The real history store, refusing every write while told to, as a full disk or a
 * read-only file would: the seam for "the store cannot be written" on any machine.
 * Reads go through. FullDiskSocketTest fills a real disk where a mount is allowed.
 */
public final class FaultyStore implements HistoryStore {
    private final HistoryStore real;
    private volatile boolean failing;

    public FaultyStore(HistoryStore real) {
        this.real = real;
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    private static IOException refused() {
        return new IOException("attempt to write a readonly database (injected by the test)");
    }

    @Override
    public long append(StoredEvent e) throws IOException {
        if (failing) throw refused();
        return real.append(e);
    }

    @Override
    public CompletableFuture<Long> queue(StoredEvent e) {
        return failing ? CompletableFuture.failedFuture(refused()) : real.queue(e);
    }

    @Override
    public void commit() {
        real.commit();
    }

    @Override
    public long lastSeq(String room) {
        return real.lastSeq(room);
    }

    @Override
    public long lastPrivateId() {
        return real.lastPrivateId();
    }

    @Override
    public List<StoredEvent> before(String room, long beforeId, int limit, long viewer) {
        return real.before(room, beforeId, limit, viewer);
    }

    @Override
    public List<StoredEvent> after(String room, long afterSeq, int limit) {
        return real.after(room, afterSeq, limit);
    }

    @Override
    public List<StoredEvent> search(Collection<String> rooms, String query, long viewer, long beforeId, int limit) {
        return real.search(rooms, query, viewer, beforeId, limit);
    }

    @Override
    public void export(String room, Instant since, Consumer<StoredEvent> sink) throws IOException {
        real.export(room, since, sink);
    }

    @Override
    public Set<String> rooms() {
        return real.rooms();
    }

    @Override
    public void close() throws IOException {
        real.close();
    }
}

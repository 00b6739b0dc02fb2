package chatroom.chat;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A store that passes everything to another: a wrapper overrides only what it changes. */
public abstract class ForwardingStore implements HistoryStore {
    protected final HistoryStore store;

    protected ForwardingStore(HistoryStore store) {
        this.store = store;
    }

    @Override
    public long append(StoredEvent e) throws IOException {
        return store.append(e);
    }

    @Override
    public void alsoFor(StoredEvent privateMessage) throws IOException {
        store.alsoFor(privateMessage);
    }

    @Override
    public CompletableFuture<Long> queue(StoredEvent e) {
        return store.queue(e);
    }

    @Override
    public void commit() {
        store.commit();
    }

    @Override
    public long lastSeq(String room) {
        return store.lastSeq(room);
    }

    @Override
    public long lastPrivateId() {
        return store.lastPrivateId();
    }

    @Override
    public List<StoredEvent> before(String room, long beforeId, int limit, long viewer) {
        return store.before(room, beforeId, limit, viewer);
    }

    @Override
    public List<StoredEvent> after(String room, long afterSeq, int limit) {
        return store.after(room, afterSeq, limit);
    }

    @Override
    public List<StoredEvent> messages(String room, long afterSeq, long beforeSeq, int limit, boolean newest) {
        return store.messages(room, afterSeq, beforeSeq, limit, newest);
    }

    @Override
    public StoredEvent firstFrom(String room, long seq) {
        return store.firstFrom(room, seq);
    }

    @Override
    public long seqAt(String room, Instant time) {
        return store.seqAt(room, time);
    }

    @Override
    public List<StoredEvent> search(Collection<String> rooms, String query, long viewer, long beforeId, int limit) {
        return store.search(rooms, query, viewer, beforeId, limit);
    }

    @Override
    public SearchResult search(Collection<String> rooms, String query, long viewer, long beforeId, int limit, int maxScan) {
        return store.search(rooms, query, viewer, beforeId, limit, maxScan);
    }

    @Override
    public void export(String room, Instant since, Consumer<StoredEvent> sink) throws IOException {
        store.export(room, since, sink);
    }

    @Override
    public Set<String> rooms() {
        return store.rooms();
    }

    @Override
    public int readers() {
        return store.readers();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}

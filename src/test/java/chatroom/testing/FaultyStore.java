package chatroom.testing;

import chatroom.chat.ForwardingStore;
import chatroom.chat.HistoryStore;
import chatroom.chat.StoredEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The real history store, refusing every write while told to, as a full disk or a
 * read-only file would: the seam for "the store cannot be written" on any machine.
 * Reads go through. FullDiskSocketTest fills a real disk where a mount is allowed.
 */
public final class FaultyStore extends ForwardingStore {
    private volatile boolean failing;

    public FaultyStore(HistoryStore real) {
        super(real);
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
        return super.append(e);
    }

    @Override
    public CompletableFuture<Long> queue(StoredEvent e) {
        return failing ? CompletableFuture.failedFuture(refused()) : super.queue(e);
    }
}

package chatroom.web;

import chatroom.chat.Event;
import chatroom.chat.Outgoing;
import chatroom.chat.Session;
import chatroom.door.Outbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A person on the web page, as the chat sees them: one WebSocket, with the same bounded
 * {@link Outbox} as a TCP connection, drained by a writer thread of its own (while it has
 * something to send) that sends each event as one text message and waits for it to leave, so a browser that stops
 * reading fills the queue and is dropped as too slow instead of piling up in Jetty.
 */
final class WebSession implements Session {
    private final String address;
    private final org.eclipse.jetty.websocket.api.Session socket;
    private final Outbox outbox;
    private volatile boolean closing;

    /** @param onLost called, on a thread that must not block, once the socket is found gone or too slow */
    WebSession(org.eclipse.jetty.websocket.api.Session socket, String address, Function<Outgoing, byte[]> encoder, long queueLimit,
            Runnable onLost) {
        this.socket = socket;
        this.address = address;
        // Overflow happens while a room holds its lock: cut the socket from another thread.
        Runnable drop = () -> {
            Thread.ofVirtual().name("web-drop-" + address).start(socket::disconnect);
            onLost.run();
        };
        this.outbox = new Outbox(new MessageSink(), encoder, queueLimit, drop,
                () -> socket.close(StatusCode.NORMAL, "bye", Callback.NOOP), drop,
                Outbox.virtualThreads("web-send-" + address));
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void deliver(Event event) {
        outbox.offer(new Outgoing(event));
    }

    @Override
    public void deliver(Outgoing outgoing) {
        outbox.offer(outgoing);
    }

    @Override
    public void close() {
        closing = true;
        outbox.finish();
    }

    boolean closing() {
        return closing;
    }

    boolean tooSlow() {
        return outbox.overflowed();
    }

    /** Waits up to {@code millis} for the writer to send what was queued before a close. */
    void awaitWriter(long millis) throws InterruptedException {
        outbox.awaitSettled(millis);
    }

    /** One event, one WebSocket text message: the frame the TCP door writes as a line, without its newline. */
    private final class MessageSink implements Outbox.Sink {
        @Override
        public void write(byte[] encoded) throws IOException {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            socket.sendText(new String(encoded, StandardCharsets.UTF_8), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
            try {
                sent.get();
            } catch (ExecutionException e) {
                throw new IOException("send failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending", e);
            }
        }

        @Override
        public void flush() {
            // each message was sent whole
        }
    }
}

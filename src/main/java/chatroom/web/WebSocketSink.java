package chatroom.web;

import chatroom.door.Outbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The web door's wire: one event, one WebSocket text message (the frame the TCP door
 * writes as a line, without its newline). Each send is waited for before the next, so a
 * browser that stops reading fills the connection's {@link Outbox} and is dropped as too
 * slow instead of piling up in Jetty.
 */
final class WebSocketSink implements Outbox.Sink {
    private final Session socket;

    WebSocketSink(Session socket) {
        this.socket = socket;
    }

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

package chatroom.testing;

import chatroom.chat.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client without a browser (java.net.http), for what a page cannot be made to
 * do: send another Origin, send an over-long frame, stop reading. Frames are collected in
 * a queue and read with a timeout.
 */
public final class WebSocketClient implements AutoCloseable {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final boolean reading;
    private final WebSocket socket;

    private WebSocketClient(URI uri, String origin, boolean reading) {
        this(uri, origin, reading, null);
    }

    private WebSocketClient(URI uri, String origin, boolean reading, java.net.InetAddress from) {
        this.reading = reading;
        HttpClient.Builder http = HttpClient.newBuilder();
        if (from != null) http.localAddress(from);
        WebSocket.Builder builder = http.build().newWebSocketBuilder().connectTimeout(LineClient.WAIT);
        if (origin != null) builder.header("Origin", origin);
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /** Connects sending {@code origin} (null: none); throws when the server refuses the upgrade. */
    public static WebSocketClient connect(URI uri, String origin) {
        return new WebSocketClient(uri, origin, true);
    }

    /** Connects from {@code from}, an address of this machine (127.0.0.2 and so on), as someone elsewhere would. */
    public static WebSocketClient connectFrom(URI uri, String origin, java.net.InetAddress from) {
        return new WebSocketClient(uri, origin, true, from);
    }

    /** Connects and then reads nothing at all, like a browser tab that froze. */
    public static WebSocketClient connectNotReading(URI uri, String origin) {
        return new WebSocketClient(uri, origin, false);
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** Takes frames until one matches. */
    public String await(Predicate<String> what, String description) {
        long deadline = System.nanoTime() + LineClient.WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (f == null) throw new AssertionError("no " + description + " within " + LineClient.WAIT.toSeconds() + " s; frames seen: " + seen());
                synchronized (seen) {
                    seen.add(f);
                }
                if (what.test(f)) return f;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public <T extends Event> T awaitEvent(Class<T> type, Predicate<T> what) {
        String f = await(l -> type.isInstance(JsonClient.decode(l)) && what.test(type.cast(JsonClient.decode(l))),
                "matching " + type.getSimpleName() + " frame");
        return type.cast(JsonClient.decode(f));
    }

    public List<String> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** The close code the server sent, or -1 when the connection just ended. */
    public int awaitClosed(Duration within) {
        return closed.completeOnTimeout(-2, within.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}

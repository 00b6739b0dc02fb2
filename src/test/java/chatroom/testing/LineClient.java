package chatroom.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A test's end of one real TCP connection to the server, line by line. A reader thread
 * puts every line received into a queue; the {@code await...} methods take lines from it
 * in order, skipping those that do not match, so a test reads the conversation like a
 * person scrolling down. Every line ever received also stays in {@link #seen()}, for
 * assertions about what never arrived. Waits are bounded by {@link #WAIT} and fail with
 * the lines seen so far.
 */
public class LineClient implements AutoCloseable {
    /** Long enough for a loaded CI machine, short enough that a missing line fails quickly. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    /** How many of the last lines a failure shows. */
    private static final int SHOWN_ON_FAILURE = 40;
    /** Marks the end of input in the queue; compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String END = new String("<end of input>");

    private final String label;
    private final Socket socket;
    private final OutputStream out;
    private final String localAddress;
    private final LinkedBlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread reader;
    private volatile String endedBecause;

    private record Watch(Predicate<String> what, CountDownLatch latch) {}

    protected LineClient(InetSocketAddress server, String label) {
        this(server, label, null);
    }

    /** @param from the local address to connect from (127.0.0.2, say), or null for any */
    protected LineClient(InetSocketAddress server, String label, InetAddress from) {
        this(open(server, label, from), label);
    }

    /** Over a socket already connected (and, for the TLS port, already through its handshake). */
    protected LineClient(Socket connected, String label) {
        this.label = label;
        this.socket = connected;
        try {
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(label + " cannot write to " + socket, e);
        }
        localAddress = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        reader = Thread.ofVirtual().name("client-" + label).start(this::read);
    }

    private static Socket open(InetSocketAddress server, String label, InetAddress from) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // separate writes stay separate segments, as from a person typing
            if (from != null) socket.bind(new InetSocketAddress(from, 0));
            socket.connect(server, (int) WAIT.toMillis());
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(label + " could not connect to " + server, e);
        }
    }

    public String label() {
        return label;
    }

    /** The client's own address as the server log shows it, "127.0.0.1:53412". */
    public String localAddress() {
        return localAddress; // kept: a closed socket no longer knows it
    }

    // ---- sending ----

    /** Sends one line; the newline is added. */
    public void send(String line) {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends text as it is, with no newline, as the assignment's Python client does. */
    public void sendWithoutNewline(String text) {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(label + " could not send; lines seen:" + recent(), e);
        }
    }

    // ---- receiving ----

    /** Takes lines until one matches; fails with what was seen when none does in time. */
    public String awaitLine(Predicate<String> what, String description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line;
            try {
                line = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(label + " was interrupted waiting for " + description, e);
            }
            if (line == null) fail(label + " got no " + description + " within " + WAIT.toSeconds() + " s; lines seen:" + recent());
            if (line == END) {
                unread.add(END); // later waits must see the end too
                fail(label + "'s connection ended (" + endedBecause + ") before " + description + "; lines seen:" + recent());
            }
            if (what.test(line)) return line;
        }
    }

    /** Takes the next line, whatever it is. */
    public String nextLine() {
        return awaitLine(line -> true, "another line");
    }

    /** Takes lines until one matches the regular expression as a whole. */
    public String awaitLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return awaitLine(line -> pattern.matcher(line).matches(), "a line matching /" + regex + "/");
    }

    /** Takes lines until one is exactly {@code expected}. */
    public String awaitExactly(String expected) {
        return awaitLine(expected::equals, "the line '" + expected + "'");
    }

    /** Takes lines until {@code count} of them matched; returns those, in order. */
    public List<String> awaitLines(Predicate<String> what, int count, String description) {
        List<String> found = new ArrayList<>(count);
        while (found.size() < count) {
            found.add(awaitLine(what, description + " (" + (found.size() + 1) + " of " + count + ")"));
        }
        return found;
    }

    /**
     * A latch that opens as soon as a matching line arrives (or has arrived); it does not
     * take lines from the queue, so it can watch while another thread awaits lines.
     */
    public CountDownLatch whenSeen(Predicate<String> what) {
        CountDownLatch latch = new CountDownLatch(1);
        synchronized (seen) {
            if (seen.stream().anyMatch(what)) latch.countDown();
            else watches.add(new Watch(what, latch));
        }
        return latch;
    }

    /** Every line received so far, in order, whether or not it was awaited. */
    public List<String> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Waits until the server has ended the connection (end of input or reset). */
    public void awaitEnd() {
        try {
            if (!ended.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(label + "'s connection was still open after " + WAIT.toSeconds() + " s; lines seen:" + recent());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    // ---- closing ----

    /** Hangs up politely (FIN): the server reads end of input. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed anyway
        }
        try {
            reader.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Vanishes without a goodbye: the socket is reset (RST), as when a machine drops off the network. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    // ---- the reader thread ----

    private void read() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, start, i - start);
                        received(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(chunk, start, n - start);
            }
            endedBecause = "end of input";
        } catch (IOException e) {
            endedBecause = socket.isClosed() ? "closed by the test" : String.valueOf(e.getMessage());
        } finally {
            if (line.size() > 0) received(line.toString(StandardCharsets.UTF_8) + " <no newline>");
            // Hang up when the server does, as a person's client would, so the server's
            // connection ends at once rather than waiting for us.
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed anyway
            }
            ended.countDown();
            unread.add(END);
        }
    }

    private void received(String text) {
        synchronized (seen) {
            seen.add(text);
            for (Watch w : watches) {
                if (w.what().test(text)) {
                    w.latch().countDown();
                    watches.remove(w);
                }
            }
        }
        unread.add(text);
    }

    private String recent() {
        List<String> all = seen();
        StringBuilder out = new StringBuilder();
        int from = Math.max(0, all.size() - SHOWN_ON_FAILURE);
        if (from > 0) out.append("\n  … ").append(from).append(" earlier lines");
        for (String s : all.subList(from, all.size())) {
            out.append("\n  ").append(s.length() > 200 ? s.substring(0, 200) + "…" : s);
        }
        if (all.isEmpty()) out.append(" (none)");
        return out.toString();
    }

    @Override
    public String toString() {
        return label;
    }
}

package chatroom.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of one stream (a process's stdout or stderr, a socket), read by a thread of
 * their own into a queue that tests wait on with a timeout, never with a sleep. A wait
 * that fails says what was seen, so a failure explains itself.
 */
public final class LineQueue {
    /**
     * Marks the end of the stream in the queue, compared by identity so no line can pass
     * for it; it is put back when taken, so every later wait sees the end too.
     */
    private static final String END = new String("<end of stream>");

    private final String name;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();
    private final Thread pump;

    /** Starts reading {@code in} as UTF-8 lines; {@code name} says whose lines in messages and the thread name. */
    public LineQueue(String name, InputStream in) {
        this.name = name;
        this.pump = Thread.ofPlatform().name("lines-" + name).daemon().start(() -> pump(in));
    }

    private void pump(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                all.add(line);
                queue.add(line);
            }
        } catch (IOException e) {
            // the stream was closed under us: that is its end
        } finally {
            queue.add(END);
        }
    }

    /**
     * Waits for the next line that matches {@code regex} as a whole and returns its match;
     * lines before it are consumed. Fails, listing every line seen and {@code context}, when
     * none arrives within {@code timeout} or the stream ends first.
     */
    public Matcher await(String regex, Duration timeout, Supplier<String> context) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = poll(deadline);
            if (line == null) {
                fail(name + ": no line matching /" + regex + "/ within " + timeout.toSeconds() + " s" + report(context));
            }
            if (line == END) {
                fail(name + ": the stream ended before a line matching /" + regex + "/" + report(context));
            }
            Matcher m = pattern.matcher(line);
            if (m.matches()) return m;
        }
    }

    /** The next line, whatever it is; fails when none arrives within {@code timeout}. */
    public String next(Duration timeout, Supplier<String> context) {
        String line = poll(System.nanoTime() + timeout.toNanos());
        if (line == null) fail(name + ": no line within " + timeout.toSeconds() + " s" + report(context));
        if (line == END) fail(name + ": the stream ended without a line" + report(context));
        return line;
    }

    /** Waits until the stream has ended (its writer closed it); false if it has not within {@code timeout}. */
    public boolean awaitEnd(Duration timeout) {
        try {
            pump.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !pump.isAlive();
    }

    /** Every line read so far, consumed or not. */
    public List<String> all() {
        return List.copyOf(all);
    }

    private String poll(long deadline) {
        try {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            if (line == END) queue.add(END);
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String report(Supplier<String> context) {
        StringBuilder s = new StringBuilder("\n  ").append(name).append(" so far (").append(all.size()).append(" lines):");
        for (String line : all) s.append("\n    ").append(line);
        String more = context.get();
        if (!more.isEmpty()) s.append("\n  ").append(more);
        return s.toString();
    }
}

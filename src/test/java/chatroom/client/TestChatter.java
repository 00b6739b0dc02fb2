package chatroom.client;

import static org.awaitility.Awaitility.await;

import chatroom.chat.Event;
import chatroom.protocol.PlainFormat;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@link Chatter}, run in the test's JVM with its screen replaced by a
 * {@link RecordingScreen}: what a person would type goes in a queue, what they would see
 * is recorded as the plain lines the Chatter prints when not at a terminal. For tests of
 * other doors (the web page) that want the terminal client itself on the other side.
 */
public final class TestChatter implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final RecordingScreen screen = new RecordingScreen(false);
    private final CompletableFuture<Integer> exit;

    private TestChatter(InetSocketAddress server, Path logDir, String name) {
        Chatter chatter = new Chatter(server.getHostString(), server.getPort(), logDir, screen, Clock.systemUTC());
        exit = CompletableFuture.supplyAsync(() -> chatter.run(name));
    }

    /** Starts a Chatter as {@code name} and waits for its welcome. */
    public static TestChatter join(InetSocketAddress server, Path logDir, String name) {
        TestChatter c = new TestChatter(server, logDir, name);
        c.awaitShown(l -> l.startsWith("* welcome " + name + ","), "a welcome");
        return c;
    }

    /** A line as if typed at the keyboard and Enter pressed. */
    public void type(String line) {
        screen.typed.add(line);
    }

    /** Waits until something shown matches; one shown event may span several lines (continuations). */
    public String awaitShown(Predicate<String> what, String description) {
        await(description + " on the Chatter's screen").atMost(WAIT)
                .until(() -> screen.shown.stream().anyMatch(what));
        return screen.shown.stream().filter(what).findFirst().orElseThrow();
    }

    public List<String> shown() {
        return List.copyOf(screen.shown);
    }

    /** Ends input as Ctrl-D would: the Chatter quits. */
    @Override
    public void close() throws Exception {
        screen.typed.add(RecordingScreen.END);
        exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A screen that records what it shows as plain lines and reads typed lines from a queue. */
    static final class RecordingScreen implements Screen {
        final List<String> shown = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
        private final PlainFormat format = new PlainFormat(ZoneOffset.UTC);
        private final boolean interactive;
        static final String END = "\u0004end";

        RecordingScreen(boolean interactive) {
            this.interactive = interactive;
        }

        @Override
        public void show(Event event) {
            String text = format.render(event);
            if (!text.isEmpty()) shown.add(text.stripTrailing());
        }

        @Override
        public void show(Event event, String current) {
            String text = format.render(event, current);
            if (!text.isEmpty()) shown.add(text.stripTrailing());
        }

        @Override
        public void notice(String text) {
            shown.add(PlainFormat.notice(text).stripTrailing());
        }

        @Override
        public void error(String code, String text) {
            shown.add(PlainFormat.error(code, text).stripTrailing());
        }

        @Override
        public String readLine() {
            try {
                String line = typed.take();
                return line.equals(END) ? null : line;
            } catch (InterruptedException e) {
                return null;
            }
        }

        @Override
        public String askName() {
            return null;
        }

        /** What a person would type at a password prompt: taken from the typed lines, and not recorded as shown. */
        @Override
        public String askPassword(String prompt) {
            shown.add("(asked: " + prompt + ")");
            return interactive ? readLine() : null;
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public void close() {}
    }
}

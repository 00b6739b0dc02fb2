package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.History;
import chatroom.chat.Event.RoomMessage;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: the history store across a SIGKILL of {@code ./chatroom server}. Everything a
 * client saw accepted or received is in the history after the restart, exactly once,
 * and the room's numbers go on from where they stopped.
 */
@Timeout(value = 90, unit = SECONDS)
class HistoryRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int SENDERS = 3;
    /** More than one replay page (200), so the reader pages back through the store too. */
    private static final int ACCEPTED_BEFORE_KILL = 260;

    @TempDir
    Path tmp;

    private final Deque<ProcessRunner> started = new ArrayDeque<>();
    private final List<JsonClient> clients = new ArrayList<>();

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }

    @AfterEach
    void stopEverything() {
        clients.forEach(JsonClient::close);
        while (!started.isEmpty()) started.pop().close();
    }

    @Test
    void afterAKillNothingAcknowledgedIsLostNothingRepeatsAndNumbersGoOn() throws Exception {
        ProcessRunner server = startServer();
        int port = port(server);
        Map<Long, String> acknowledged = new ConcurrentHashMap<>(); // seq -> text, as the senders were told
        CountDownLatch enough = new CountDownLatch(ACCEPTED_BEFORE_KILL);
        AtomicBoolean killed = new AtomicBoolean();
        for (int i = 0; i < SENDERS; i++) clients.add(JsonClient.join(new InetSocketAddress("127.0.0.1", port), "s" + i));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (JsonClient c : clients) senders.add(pool.submit(() -> send(c, acknowledged, enough, killed)));
            assertThat(enough.await(WAIT.toSeconds(), SECONDS)).as("messages accepted before the kill").isTrue();
            killed.set(true);
            server.kill();
            assertThat(server.awaitExit(WAIT)).isEqualTo(128 + 9);
            for (JsonClient c : clients) c.awaitEnd();
            for (Future<?> f : senders) f.get(WAIT.toSeconds(), SECONDS);
        }
        Map<Long, String> received = new HashMap<>();
        for (JsonClient c : clients) {
            for (String line : c.seen()) {
                if (line.endsWith(" <no newline>") || JsonClient.isPrompt(line)) continue; // cut off by the kill, or no frame
                if (JsonClient.decode(line) instanceof RoomMessage m) received.put(m.seq(), m.text());
            }
        }

        ProcessRunner again = startServer();
        JsonClient reader = JsonClient.connect(new InetSocketAddress("127.0.0.1", port(again)), "reader");
        clients.add(reader);
        reader.send(new Request.Hello("h", JsonCodec.VERSION, "reader", 200));
        List<RoomMessage> history = new ArrayList<>();
        History page = reader.awaitEvent(History.class);
        int asked = 0;
        while (true) {
            List<RoomMessage> older = page.messages().stream().map(RoomMessage.class::cast).toList();
            history.addAll(0, older);
            if (!page.more()) break;
            String id = "p" + ++asked;
            reader.send(new Request.Act(id, new ChatInput.PageBack(200, page.cursor())));
            page = reader.awaitEvent(History.class, h -> id.equals(h.replyTo()));
        }

        Map<Long, String> stored = new HashMap<>();
        for (RoomMessage m : history) {
            assertThat(stored.put(m.seq(), m.text())).as("seq %d appears once in the history", m.seq()).isNull();
        }
        assertThat(history).extracting(RoomMessage::seq).isSorted();
        assertThat(stored).as("every acknowledged message is in the history after the kill").containsAllEntriesOf(acknowledged);
        assertThat(stored).as("every received message is in the history after the kill").containsAllEntriesOf(received);

        reader.say("after the restart", "after");
        long lastBefore = history.getLast().seq();
        Accepted after = reader.awaitEvent(Accepted.class, a -> "after".equals(a.replyTo()));
        assertThat(after.seq()).as("numbers go on past everything stored before the kill").isGreaterThan(lastBefore);
        System.out.printf("HistoryRestartIT: %d acknowledged, %d received, %d in the history after SIGKILL and restart "
                + "(%d pages); first seq after the restart %d, last stored before %d%n",
                acknowledged.size(), received.size(), history.size(), asked + 1, after.seq(), lastBefore);
    }

    private static void send(JsonClient me, Map<Long, String> acknowledged, CountDownLatch enough, AtomicBoolean killed) {
        try {
            for (int n = 0; ; n++) {
                String id = Integer.toString(n);
                String text = me.label() + " message " + n;
                me.say(text, id);
                Event answer = me.awaitEvent(Event.class, e -> e instanceof Accepted a && id.equals(a.replyTo()));
                acknowledged.put(((Accepted) answer).seq(), text);
                enough.countDown();
            }
        } catch (AssertionError | RuntimeException e) {
            if (!killed.get()) throw e;
        }
    }

    private ProcessRunner startServer(String... more) {
        ProcessRunner p = Launcher.server(tmp, more);
        started.push(p);
        return p;
    }

    private static int port(ProcessRunner server) {
        return Launcher.port(server, WAIT);
    }
}

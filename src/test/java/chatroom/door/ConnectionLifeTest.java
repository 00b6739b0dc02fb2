package chatroom.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.Closing;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.Outgoing;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection's life without any door: the same rules whatever carries the requests.
 * The wire here is a list of the events written (or a latch that holds the writer, for
 * a peer that stops reading), and the log a list of lines.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionLifeTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Limits limits = Limits.DEFAULTS.withNameTimeout(Duration.ofSeconds(3)).withSendQueueBytes(4096).withoutRateLimit();
    private final Manager manager = new Manager(Clock.systemUTC(), (time, line) -> log.add(line), limits);
    private final List<Event> written = Collections.synchronizedList(new ArrayList<>());
    private final List<Closing> beforeOutbox = Collections.synchronizedList(new ArrayList<>());
    /** By address: on a busy machine a second member's writer may fall behind too, and be cut for it. */
    private final Map<String, AtomicInteger> cuts = new ConcurrentHashMap<>();

    private ConnectionLife life(String address) {
        return new ConnectionLife(manager, limits, address,
                () -> cuts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet(), beforeOutbox::add);
    }

    /** The wire of a door that has nothing to encode: it keeps the events. */
    private void attach(ConnectionLife life, CountDownLatch writerMayGo) {
        life.attach(new Outbox.Sink() {
            @Override
            public void write(byte[] encoded) {
                try {
                    writerMayGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void flush() {}
        }, outgoing -> keep(outgoing), () -> { }, "send-");
    }

    private byte[] keep(Outgoing outgoing) {
        written.add(outgoing.event());
        return new byte[0];
    }

    private List<String> logged(String word) {
        synchronized (log) {
            return log.stream().filter(l -> l.startsWith(word + " ")).toList();
        }
    }

    @Test
    void aConnectionWithoutANameByTheDeadlineGetsItsFinalErrorAndIsLoggedWithWhy() {
        ConnectionLife life = life("10.0.0.1:1");
        attach(life, new CountDownLatch(0));
        life.connected();
        life.nameDeadlinePassed();
        life.end();

        await().until(() -> written.contains(new Closing(ErrorCode.NAME_TIMEOUT, "no name received within 3 s")));
        assertThat(life.over()).isTrue();
        assertThat(log).containsExactly("CONNECT 10.0.0.1:1", "DISCONNECT 10.0.0.1:1 (no name within 3 s)");
    }

    @Test
    void beforeTheDoorIsKnownTheFinalErrorIsTheDoorsToWrite() {
        ConnectionLife life = life("10.0.0.1:2");
        life.connected();
        assertThat(life.sayGoodbye()).isTrue();
        assertThat(life.sayGoodbye()).as("said once").isFalse();
        life.end();

        assertThat(beforeOutbox).containsExactly(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
        assertThat(logged("DISCONNECT")).containsExactly("DISCONNECT 10.0.0.1:2 (server shutting down)");
    }

    @Test
    void aConnectionEndsOnceHoweverManyWaysItEnds() {
        ConnectionLife life = life("10.0.0.1:3");
        attach(life, new CountDownLatch(0));
        life.connected();
        life.join("ann", null, 0);
        assertThat(life.member()).isNotNull();
        life.end();
        life.end();

        assertThat(logged("LEAVE")).singleElement().asString().endsWith("ann (connection lost) 10.0.0.1:3");
        assertThat(manager.onlineCount()).isZero();
    }

    @Test
    void quittingBeforeJoiningIsLoggedAsLeavingBeforeJoining() {
        ConnectionLife life = life("10.0.0.1:4");
        attach(life, new CountDownLatch(0));
        life.connected();
        life.handle(new ChatInput.Quit(), null);
        life.end();

        assertThat(logged("DISCONNECT")).containsExactly("DISCONNECT 10.0.0.1:4 (left before joining)");
    }

    @Test
    void aMemberWhoStopsReadingIsCutAndLeavesAsTooSlow() {
        ConnectionLife life = life("10.0.0.1:5");
        CountDownLatch stuck = new CountDownLatch(1); // the peer reads nothing: the writer never finishes its first write
        attach(life, stuck);
        life.connected();
        life.join("bob", null, 0);
        ConnectionLife other = life("10.0.0.1:6");
        attach(other, new CountDownLatch(0));
        other.connected();
        other.join("cat", null, 0);
        for (int i = 0; i < 200 && !life.over(); i++) other.handle(new ChatInput.Say("line " + i + " ".repeat(100)), null);

        assertThat(life.over()).as("lost once its queue overflowed").isTrue();
        assertThat(cuts.get("10.0.0.1:5")).hasValue(1);
        life.end();
        stuck.countDown();
        assertThat(logged("LEAVE")).singleElement().asString().contains("bob (too slow)");
    }
}

package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Limits;
import chatroom.testing.FaultyRecorder;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Records", issue 3 "Disk trouble", through a fault-injecting seam: while the
 * server log cannot be written, messages are refused with {@code log-unavailable} and
 * reach nobody; joins, leaves and other refusals carry on; when the log can be written
 * again, chatting resumes with no gap in the numbering. FullDiskSocketTest does the same
 * on a real full file system where the machine allows a mount.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnwritableLogSocketTest {
    @TempDir
    Path dataDir;

    private TestServer server;
    private FaultyRecorder disk;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, log -> disk = new FaultyRecorder(log));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aMessageTheLogCannotTakeIsRefusedAndReachesNobodyThenChattingResumes() {
        JsonClient ann = server.json("ann");
        PlainClient bob = server.plain("bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        ann.say("before", "1");
        long before = ann.awaitEvent(Accepted.class, a -> "1".equals(a.replyTo())).seq();

        disk.failing(true);
        bob.send("never delivered");
        bob.awaitLine(line -> line.startsWith("! log-unavailable: "), "a log-unavailable error");
        ann.say("never delivered either", "2");
        Refused refused = ann.awaitEvent(Refused.class, r -> "2".equals(r.replyTo()));
        assertThat(refused.code()).isEqualTo(ErrorCode.LOG_UNAVAILABLE);

        disk.failing(false);
        ann.say("after", "3");
        bob.awaitStamped("ann: after");
        RoomMessage after = ann.awaitEvent(RoomMessage.class, m -> m.text().equals("after"));

        assertThat(after.seq()).as("no number was used by a refused message").isEqualTo(before + 1);
        assertThat(ann.seenEvents()).filteredOn(RoomMessage.class::isInstance).map(e -> ((RoomMessage) e).text())
                .containsExactly("before", "after");
        assertThat(bob.seen()).noneMatch(line -> line.contains("never delivered"));
        assertThat(server.logLines()).noneMatch(line -> line.contains("never delivered"))
                .anyMatch(line -> line.endsWith(" MSG #lobby " + after.seq() + " ann: after"));
    }

    @Test
    void aPrivateMessageTheLogCannotTakeIsRefusedAndReachesNobody() {
        JsonClient ann = server.json("ann");
        JsonClient bob = server.json("bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));

        disk.failing(true);
        ann.tell(List.of("bob"), "secret", "1");
        assertThat(ann.awaitEvent(Refused.class, r -> "1".equals(r.replyTo())).code()).isEqualTo(ErrorCode.LOG_UNAVAILABLE);

        disk.failing(false);
        ann.tell(List.of("bob"), "secret again", "2");
        bob.awaitEvent(PrivateMessage.class, m -> m.text().equals("secret again"));
        ann.awaitEvent(PrivateMessage.class, m -> m.text().equals("secret again")); // the echo and bob's copy travel apart
        assertThat(bob.seenEvents()).filteredOn(PrivateMessage.class::isInstance).singleElement()
                .satisfies(m -> assertThat(((PrivateMessage) m).text()).isEqualTo("secret again"));
        assertThat(ann.seenEvents()).filteredOn(PrivateMessage.class::isInstance).hasSize(1);
    }

    @Test
    void joiningLeavingAndOtherRefusalsCarryOnWhileTheLogCannotBeWritten() {
        JsonClient ann = server.json("ann");
        disk.failing(true);

        PlainClient cat = server.plain("cat"); // CONNECT and JOIN cannot be written
        ann.awaitEvent(Joined.class, j -> j.name().equals("cat"));
        cat.send("/nosuchcommand"); // nor the REJECT
        cat.awaitLine(line -> line.startsWith("! unknown-command: "), "an unknown-command error");
        cat.send("@nobody hello");
        cat.awaitLine(line -> line.startsWith("! not-online: "), "a not-online error");
        cat.send("/quit");
        ann.awaitEvent(Left.class, l -> l.name().equals("cat"));
        assertThat(disk.refused()).as("lines the log could not take").isGreaterThanOrEqualTo(5);

        disk.failing(false);
        PlainClient dan = server.plain("dan");
        ann.say("welcome back, log", "1");
        dan.awaitStamped("ann: welcome back, log");
        assertThat(server.logLines()).anyMatch(line -> line.contains(" JOIN #lobby ") && line.contains(" dan "))
                .noneMatch(line -> line.contains(" cat"));
    }
}

package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import chatroom.testing.TinyDisk;
import java.io.IOException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 "Disk trouble" on a real full file system: the server's data directory is on a
 * 1 MiB tmpfs the test mounts (room for the log and the history store), then fills. A message the log cannot take is refused and
 * delivered to nobody, and the log keeps only whole lines (the part of the line the disk
 * took is cut off again); once the filler is deleted, the same message goes through.
 * Needs Linux and the right to mount (root with CAP_SYS_ADMIN); skipped, saying why,
 * elsewhere. UnwritableLogSocketTest covers the same rules everywhere through a seam.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FullDiskSocketTest {
    /** Small enough to fill in a moment, big enough for the log and the history store (SQLite file and WAL) to start. */
    private static final String DISK_SIZE = "1m";
    private static final String WHOLE_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d [A-Z]+( .*)?";

    @TempDir
    Path tempDir;

    private TinyDisk disk;
    private TestServer server;

    @BeforeEach
    void mountATinyDisk() throws IOException, InterruptedException {
        disk = TinyDisk.mount(tempDir.resolve("disk"), DISK_SIZE);
        if (disk.whyNot() != null) System.out.println("SKIPPED FullDiskSocketTest: cannot mount a tmpfs here (" + disk.whyNot() + ")");
        assumeTrue(disk.whyNot() == null, () -> "cannot mount a tmpfs here: " + disk.whyNot());
    }

    @AfterEach
    void stopServerAndUnmount() throws IOException, InterruptedException {
        if (server != null) server.close(); // its files must be closed before the disk goes
        disk.close();
    }

    @Test
    void aFullDiskRefusesMessagesWithoutDeliveringThemAndChattingResumesWhenSpaceReturns() throws IOException {
        server = TestServer.start(tempDir.resolve("disk/data"));
        JsonClient ann = server.json("ann");
        JsonClient bob = server.json("bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        ann.say("before", "1");
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals("before"));
        Path log = server.logFiles().getFirst();

        Path filler = tempDir.resolve("disk/filler");
        disk.fill(filler);
        // About 6 KB: more than the log file's last page can still take, so the disk takes part of the line.
        String big = "é".repeat(3000);
        ann.say(big, "2");
        Refused refused = ann.awaitEvent(Refused.class, r -> "2".equals(r.replyTo()));
        assertThat(refused.code()).isEqualTo(ErrorCode.LOG_UNAVAILABLE);
        assertOnlyWholeLines(log);
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("ééé");

        // Joining and a refusal of something else carry on, whether or not their lines fit.
        PlainClient cat = server.plain("cat");
        cat.send("/nosuchcommand");
        cat.awaitLine(line -> line.startsWith("! unknown-command: "), "an unknown-command error");

        Files.delete(filler);
        ann.say(big, "3");
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals(big));
        ann.awaitEvent(Accepted.class, a -> "3".equals(a.replyTo()));

        assertThat(bob.seenEvents()).filteredOn(RoomMessage.class::isInstance).map(e -> ((RoomMessage) e).text())
                .containsExactly("before", big);
        List<String> lines = assertOnlyWholeLines(log);
        assertThat(lines).filteredOn(line -> line.contains(" GAP ")).singleElement().asString()
                .contains(" not written (No space left on device)");
        assertThat(lines).filteredOn(line -> line.endsWith(" ann: " + big)).hasSize(1);
    }

    private static List<String> assertOnlyWholeLines(Path log) throws IOException {
        String content = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(content).as("the server log ends with a whole line").endsWith("\n");
        List<String> lines = content.lines().toList();
        assertThat(lines).as("every line of the server log is whole").allMatch(line -> line.matches(WHOLE_LINE));
        return lines;
    }
}

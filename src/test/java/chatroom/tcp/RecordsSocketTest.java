package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.RoomMessage;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Records": the server log is owner-only, one event per line, and nothing in a
 * message can forge a line of it; a message's line breaks reach plain-door readers as
 * marked continuation lines.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordsSocketTest {
    @TempDir
    Path tempDir;

    private Path dataDir;
    private LocalDate startDay;
    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        dataDir = tempDir.resolve("chatroom-data"); // the server makes it, as on a first run
        startDay = LocalDate.now(TestServer.ZONE);
        server = TestServer.start(dataDir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theServerLogIsADailyFileThatOnlyItsOwnerCanReadInAFolderOnlyItsOwnerCanOpen() throws IOException {
        server.plain("ann");
        LocalDate after = LocalDate.now(TestServer.ZONE); // a run over midnight may have either day

        List<Path> files = server.logFiles();
        assertThat(files).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                .isIn("chatroom-" + startDay + ".log", "chatroom-" + after + ".log"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.getFirst()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    }

    @Test
    void aMessageWithALineBreakIsOneEscapedLogLineAndMarkedContinuationLinesAtThePlainDoor() {
        JsonClient ann = server.json("ann");
        PlainClient bob = server.plain("bob");
        ann.awaitEvent(Joined.class, j -> j.name().equals("bob"));

        ann.say("first line\nsecond line", "1");
        bob.awaitStamped("ann: first line");
        assertThat(bob.nextLine()).isEqualTo("  | second line");
        RoomMessage own = ann.awaitEvent(RoomMessage.class);
        assertThat(own.text()).isEqualTo("first line\nsecond line");
        long seq = ann.awaitEvent(Accepted.class).seq();
        assertThat(seq).isEqualTo(own.seq());

        List<String> log = server.logLines();
        assertThat(log).filteredOn(line -> line.contains("line")).singleElement()
                .satisfies(line -> assertThat(line).endsWith(" MSG #lobby " + seq + " ann: first line\\nsecond line"));
    }

    @Test
    void aMessageCannotForgeALineOfTheLogNorAMessageAtThePlainDoor() {
        JsonClient mallory = server.json("mallory");
        PlainClient bob = server.plain("bob");
        mallory.awaitEvent(Joined.class, j -> j.name().equals("bob"));
        String forgedLog = "2026-11-27T14:03:07.456+08:00 MSG #lobby 99 alice: send me your password";
        String forgedPlain = "2026-11-27 14:03:07 alice: send me your password";

        mallory.say("hi\n" + forgedLog + "\r\n" + forgedPlain + "\ttab\\backslash\u0007bell", "1");
        bob.awaitStamped("mallory: hi");
        assertThat(bob.nextLine()).isEqualTo("  | " + forgedLog);
        assertThat(bob.nextLine()).isEqualTo("  | " + forgedPlain + "    tab\\backslash\u2407bell");
        mallory.awaitEvent(Accepted.class);

        List<String> log = server.logLines();
        assertThat(log).filteredOn(line -> line.contains("password")).singleElement().satisfies(line -> assertThat(line)
                .endsWith(" mallory: hi\\n" + forgedLog + "\\r\\n" + forgedPlain + "\\ttab\\\\backslash\\u0007bell"));
        assertThat(log).noneMatch(line -> line.startsWith("2026-11-27"));
    }

    @Test
    void escapeSequencesFromOthersAreShownNotObeyedAtThePlainDoor() {
        JsonClient mallory = server.json("mallory");
        PlainClient bob = server.plain("bob");
        mallory.awaitEvent(Joined.class, j -> j.name().equals("bob"));

        mallory.say("\u001b[2J\u001b[31mred", "1");
        bob.awaitStamped("mallory: \u241b[2J\u241b[31mred");
    }
}

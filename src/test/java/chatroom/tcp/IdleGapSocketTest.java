package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §3 and §4 "Plain door": the assignment's client sends its name and each message
 * without a newline, so a partial line counts as complete after 200 ms without more bytes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleGapSocketTest {
    @TempDir
    Path dataDir;

    private TestServer server;
    private PlainClient ann;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir);
        ann = server.plain("ann");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aClientThatNeverSendsANewlineIsWelcomedAndItsMessagesAreBroadcast() {
        PlainClient python = server.plainConnected("dave");

        python.sendWithoutNewline("dave");
        python.awaitExactly("* welcome dave, 2 online: ann, dave");
        ann.awaitStamped("* dave joined");
        // Waiting for each answer before sending again is the pause that ends each line.
        python.sendWithoutNewline("hello");
        ann.awaitStamped("dave: hello");
        python.awaitStamped("dave: hello");
        python.sendWithoutNewline("@ ann hello  there");
        ann.awaitStamped("[private] dave -> ann: hello  there");
        python.awaitStamped("[private] dave -> ann: hello  there");
        python.sendWithoutNewline("bye");
        ann.awaitStamped("dave: bye");
    }

    @Test
    void aLineWrittenInTwoQuickPiecesArrivesAsOneLine() {
        PlainClient dave = server.plain("dave");

        dave.sendWithoutNewline("hel");
        dave.sendWithoutNewline("lo world\n");
        ann.awaitStamped("dave: hello world");
        dave.send("marker");
        ann.awaitStamped("dave: marker");
        assertThat(ann.seen()).noneMatch(line -> line.endsWith("dave: hel") || line.endsWith("dave: lo world"));
    }
}

package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import chatroom.protocol.PlainFormat;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Plain door": "refused or closed by the server: one {@code ! <code>: <text>}
 * line, then the connection closes"; and the leave reason "server shutting down".
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShutdownSocketTest {
    private static final String GOODBYE = "! shutting-down: server shutting down";

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void stoppingTheServerSaysGoodbyeToEveryoneClosesTheirConnectionsAndLogsTheLeaves() {
        PlainClient ann = server.plain("ann");
        PlainClient bob = server.plain("bob");
        JsonClient cat = server.json("cat");
        ann.awaitStamped("* cat joined");

        server.stop();

        for (PlainClient c : List.of(ann, bob)) {
            c.awaitExactly(GOODBYE);
            c.awaitEnd();
            assertThat(c.seen().getLast()).as("%s's last line", c.label()).isEqualTo(GOODBYE);
        }
        cat.awaitEnd();
        Closing closing = (Closing) JsonClient.decode(cat.seen().getLast());
        assertThat(closing.code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
        assertThat(closing.text()).isEqualTo("server shutting down");
        for (var c : List.of(ann, bob, cat)) {
            assertThat(server.logLines()).anySatisfy(line -> assertThat(line).matches(".* LEAVE #lobby \\d+ " + c.label()
                    + " \\(server shutting down\\) " + Pattern.quote(c.localAddress())));
        }
    }

    @Test
    void someoneStillChoosingANameIsToldTheServerIsShuttingDown() {
        server.plain("ann");
        PlainClient late = server.plainConnected("late");
        late.send("ann");
        late.awaitExactly("! name-taken: ann is already here");

        server.stop();

        late.awaitExactly(GOODBYE);
        late.awaitEnd();
    }

    /**
     * Until a connection's first byte tells the doors apart it has no outbox, so
     * Connection.closeUnjoined's goodbye goes nowhere; TcpServer.close then waits its
     * 3 s GOODBYE_MILLIS for the connection thread and cuts the socket without a word.
     */
    @Test
    void someoneWhoHasNotTypedAnythingYetIsToldTheServerIsShuttingDown() {
        PlainClient silent = server.plainConnected("silent");
        silent.awaitExactly(PlainFormat.PROMPT);

        server.stop();

        silent.awaitExactly(GOODBYE);
        silent.awaitEnd();
    }
}

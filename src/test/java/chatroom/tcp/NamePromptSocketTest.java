package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Limits;
import chatroom.protocol.PlainFormat;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Plain door" and §5: a person at nc who says nothing is prompted after 0.5 s;
 * a connection that sends no acceptable name in time gets one final error and is closed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NamePromptSocketTest {
    /** Short, so that running out of time costs the suite a second, not ten. */
    private static final Limits LIMITS = Limits.DEFAULTS.withNameTimeout(Duration.ofSeconds(1));

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aConnectionThatSaysNothingIsPromptedThenTimedOutAndClosed() {
        PlainClient silent = server.plainConnected("silent");

        silent.awaitExactly("* chatroom: type your name and press Enter");
        silent.awaitExactly("! name-timeout: no name received within 1 s");
        silent.awaitEnd();
        assertThat(silent.seen()).containsExactly(PlainFormat.PROMPT, "! name-timeout: no name received within 1 s");
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .endsWith(" DISCONNECT " + silent.localAddress() + " (no name within 1 s)"));
    }

    @Test
    void aPersonWhoWaitsForThePromptCanThenJoin() throws IOException {
        // The default ten seconds to answer, so a busy machine cannot turn this into a timeout.
        try (TestServer patient = TestServer.start(dataDir.resolve("patient"))) {
            PlainClient person = patient.plainConnected("person");

            person.awaitExactly(PlainFormat.PROMPT);
            person.send("ann");
            person.awaitExactly("* welcome ann, 1 online: ann");
        }
    }

    @Test
    void aClientThatSpeaksAtOnceIsNeverPrompted() {
        PlainClient ann = server.plain("ann");
        JsonClient bob = server.json("bob");

        ann.awaitStamped("* bob joined");
        assertThat(ann.seen().getFirst()).startsWith("* welcome ann");
        assertThat(bob.seenEvents().getFirst()).isInstanceOf(Welcome.class);
        assertThat(ann.seen()).doesNotContain(PlainFormat.PROMPT);
    }

    @Test
    void refusedNamesDoNotExtendTheTimeToFindAGoodOne() {
        server.plain("ann");
        PlainClient other = server.plainConnected("other");

        other.send("ann");
        other.awaitExactly("! name-taken: ann is already here");
        other.send("a b");
        other.awaitLine("! name-invalid: .*");
        other.awaitExactly("! name-timeout: no name received within 1 s");
        other.awaitEnd();
    }

    @Test
    void aJsonClientThatNeverSaysHelloGetsAFinalErrorAndIsClosed() {
        JsonClient client = server.jsonConnected("client");

        client.say("hi", "1");
        Refused refused = client.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_JOINED);
        String last = client.awaitLine(line -> line.contains("\"final\":true"), "a final error");
        Closing closing = (Closing) JsonClient.decode(last);
        assertThat(closing.code()).isEqualTo(ErrorCode.NAME_TIMEOUT);
        assertThat(closing.text()).isEqualTo("no name received within 1 s");
        client.awaitEnd();
        assertThat(client.seen().getLast()).isEqualTo(last);
        // The connection's reader logs DISCONNECT as it ends, which may be just after the client saw the close.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.logLines())
                .anySatisfy(line -> assertThat(line)
                        .matches(".* DISCONNECT " + Pattern.quote(client.localAddress()) + " \\(no name within 1 s\\)")));
    }
}

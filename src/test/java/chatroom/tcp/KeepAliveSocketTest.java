package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.Pong;
import chatroom.chat.Limits;
import chatroom.protocol.Request;
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
 * SPEC §5 "silence before a keep-alive ping / before disconnect", with 150 ms and 1.5 s
 * instead of 30 s and 90 s: a quiet structured client is pinged, any frame counts as
 * life, and one that stays silent is told it timed out and leaves "(timed out)". The
 * waits are the server's own socket timeouts; the test only waits for what they cause.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeepAliveSocketTest {
    private static final Duration PING_AFTER = Duration.ofMillis(150);
    /** Long after the ping, so a busy test machine answers in time. */
    private static final Duration TIMEOUT_AFTER = Duration.ofMillis(1500);
    /** Rounds of ping and answer that together outlast the timeout (12 x 150 ms > 1.5 s). */
    private static final int ROUNDS = 12;
    private static final String PING = "{\"type\":\"ping\"}";

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withKeepAlive(PING_AFTER, TIMEOUT_AFTER));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aQuietStructuredClientIsPingedAndStaysAsLongAsItAnswers() {
        JsonClient ann = server.json("ann");

        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            ann.awaitExactly(PING);
            ann.send(new Request.Pong(null));
        }
        long elapsed = System.nanoTime() - start;
        ann.say("still here", "s1");

        assertThat(ann.awaitEvent(Accepted.class).replyTo()).isEqualTo("s1");
        assertThat(Duration.ofNanos(elapsed)).isGreaterThan(TIMEOUT_AFTER);
        assertThat(server.logLines()).noneMatch(line -> line.contains("timed out"));
    }

    @Test
    void aStructuredClientThatNeverAnswersTimesOutAndTheRoomIsTold() {
        PlainClient bob = server.plain("bob"); // plain: never pinged, and quiet all along
        JsonClient ann = server.json("ann");
        bob.awaitStamped("* ann joined");

        ann.awaitExactly(PING);
        Closing last = ann.awaitEvent(Closing.class);
        ann.awaitEnd();
        bob.awaitStamped("* ann left (timed out)");

        assertThat(last).isEqualTo(new Closing(ErrorCode.TIMED_OUT,
                "nothing heard from you for 1.5 s (answer the server's ping with a pong)"));
        assertThat(ann.seen()).filteredOn(PING::equals).hasSize(1); // one ping per silence
        assertThat(bob.seen()).noneMatch(line -> line.contains("ping"));
        assertThat(bob.hasEnded()).isFalse();
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .matches(".* LEAVE #lobby \\d+ ann \\(timed out\\) " + Pattern.quote(ann.localAddress())));
    }

    @Test
    void aClientMayPingTheServerAndGetsAPongWithItsId() {
        JsonClient ann = server.json("ann");

        ann.send(new Request.Ping("p1"));

        assertThat(ann.awaitEvent(Pong.class)).isEqualTo(new Pong("p1"));
    }

    @Test
    void anyFrameCountsAsLifeEvenOneTheServerRefuses() {
        JsonClient ann = server.json("ann");

        for (int i = 0; i < ROUNDS; i++) {
            ann.awaitExactly(PING);
            ann.send("{\"type\":\"nonsense\",\"id\":\"n" + i + "\"}");
        }
        ann.say("still here", "s1");

        assertThat(ann.awaitEvent(Accepted.class).replyTo()).isEqualTo("s1");
    }
}

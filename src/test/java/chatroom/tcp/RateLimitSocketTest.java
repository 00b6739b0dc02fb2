package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Limits;
import chatroom.testing.JsonClient;
import chatroom.testing.ManualClock;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5 "messages per connection": over the limit a message is refused with an error
 * that says when to retry, never dropped silently; here 1 a second with bursts of 3, on
 * a server clock the test moves by hand.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RateLimitSocketTest {
    private static final Limits LIMITS = Limits.DEFAULTS.withRate(1, 3);

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T06:03:05Z"), TestServer.ZONE);
    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, LIMITS, clock);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aPlainClientOverTheLimitIsToldWhenToRetryAndNothingReachesTheRoom() {
        PlainClient ann = server.plain("ann");
        PlainClient bob = server.plain("bob");
        ann.awaitStamped("* bob joined");

        for (int i = 1; i <= 4; i++) ann.send("message " + i);
        ann.awaitExactly("! rate-limited: retry in 1.0 s");
        ann.send("/who"); // asking is never held back
        ann.awaitExactly("* in #lobby (2): ann, bob");

        clock.advance(Duration.ofSeconds(1));
        ann.send("after the wait");
        bob.awaitStamped("ann: after the wait");

        assertThat(bob.seen()).filteredOn(line -> line.contains("ann: message"))
                .extracting(PlainClient::unstamped).containsExactly("ann: message 1", "ann: message 2", "ann: message 3");
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .endsWith(" REJECT " + ann.localAddress() + " ann rate-limited: retry in 1.0 s"));
        assertThat(server.logLines()).noneMatch(line -> line.contains("message 4"));
    }

    @Test
    void aJsonClientGetsTheRefusalForItsFrameWithRetryAfterMs() {
        JsonClient ann = server.json("ann");

        for (int i = 1; i <= 4; i++) ann.say("message " + i, "say-" + i);
        ann.awaitEvents(Accepted.class, a -> true, 3);
        String refusal = ann.awaitLine(line -> line.contains("\"type\":\"error\""), "the rate-limited error frame");
        clock.advance(Duration.ofMillis(250));
        ann.say("still too soon", "say-5");
        Refused second = ann.awaitEvent(Refused.class);

        assertThat(refusal).isEqualTo(
                "{\"type\":\"error\",\"id\":\"say-4\",\"code\":\"rate-limited\",\"text\":\"retry in 1.0 s\",\"retryAfterMs\":1000}");
        assertThat(second).isEqualTo(new Refused(ErrorCode.RATE_LIMITED, "retry in 0.8 s", "say-5", 750));
        assertThat(ann.seenEvents()).filteredOn(RoomMessage.class::isInstance).map(e -> ((RoomMessage) e).text())
                .isEqualTo(List.of("message 1", "message 2", "message 3"));
    }

    @Test
    void withRateZeroThereIsNoLimit() throws IOException {
        try (TestServer unlimited = TestServer.start(dataDir.resolve("unlimited"), LIMITS.withoutRateLimit(), clock)) {
            PlainClient ann = unlimited.plain("ann");
            for (int i = 1; i <= 100; i++) ann.send("message " + i);
            ann.awaitStamped("ann: message 100");
            assertThat(ann.seen()).noneMatch(line -> line.startsWith("!"));
        }
    }
}

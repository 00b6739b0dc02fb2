package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Limits;
import chatroom.chat.RoomLimits;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.ManualClock;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, items 2 and 7: searches, history pages and room changes ("heavy" requests)
 * have a budget of their own, per connection (--heavy-rate 1 a second, --heavy-burst 10)
 * and per address (--heavy-rate-per-address, --heavy-burst-per-address); over it they are
 * refused as rate-limited with the time to wait, like messages, and cost nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeavyBudgetSocketTest {
    private static final String TOO_MANY = "! rate-limited: too many searches, history pages and room changes; retry in 1.0 s";

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T06:03:05Z"), TestServer.ZONE);
    private TestServer server;

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void theEleventhSearchInARowIsRefusedWithARetryTimeAndAskingWhoIsNot() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, clock);
        PlainClient ann = server.plain("ann");

        for (int i = 1; i <= 11; i++) ann.send("/search word" + i);
        ann.awaitExactly("* nothing found for \"word10\"");
        ann.awaitExactly(TOO_MANY);
        ann.send("/who");
        ann.awaitExactly("* in #lobby (1): ann");
        clock.advance(Duration.ofSeconds(1));
        ann.send("/history");
        ann.awaitExactly("* no earlier messages in #lobby");

        assertThat(ann.seen()).filteredOn(line -> line.startsWith("* nothing found")).hasSize(10);
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .endsWith(" REJECT " + ann.localAddress() + " ann " + TOO_MANY.substring(2)));
    }

    /** Item 7: 20,000 pipelined joins entered 2,187 rooms a second; now the budget's burst, then refusals. */
    @Test
    void pipelinedRoomHoppingEntersTheBurstsWorthOfRoomsAndTheLogHoldsOnlyThoseMoves() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, clock);
        JsonClient hopper = server.json("hopper");

        for (int i = 1; i <= 40; i++) hopper.send(new Request.Act("j" + i, new ChatInput.JoinRoom("#room" + i)));
        Refused last = hopper.awaitEvent(Refused.class, r -> "j40".equals(r.replyTo()));

        assertThat(last).isEqualTo(new Refused(ErrorCode.RATE_LIMITED,
                "too many searches, history pages and room changes; retry in 1.0 s", "j40", 1000));
        assertThat(hopper.seenEvents()).filteredOn(RoomEntered.class::isInstance).hasSize(10);
        assertThat(hopper.seenEvents()).filteredOn(Refused.class::isInstance).hasSize(30);
        assertThat(server.logLines()).filteredOn(line -> line.contains(" JOIN ") && line.contains(" hopper "))
                .as("the lobby, then ten rooms").hasSize(11);
        assertThat(server.logLines()).filteredOn(line -> line.contains(" REJECT ")).hasSizeLessThanOrEqualTo(21);
    }

    @Test
    void connectionsFromOneAddressShareItsBudgetAndAnotherAddressHasItsOwn() throws IOException {
        // Per address: 3 at once and (in effect) no refill; per connection: the defaults.
        server = TestServer.start(dataDir, Limits.DEFAULTS, RoomLimits.DEFAULTS.withAddressHeavyBudget(0.001, 3));
        PlainClient ann = server.plain("ann");
        PlainClient bob = server.plain("bob");
        PlainClient eve = server.plainFrom(InetAddress.getByName("127.0.0.2"), "eve");

        ann.send("/search a1");
        ann.send("/search a2");
        ann.awaitExactly("* nothing found for \"a2\"");
        bob.send("/search b1");
        bob.awaitExactly("* nothing found for \"b1\"");
        bob.send("/search b2");
        String refusal = bob.awaitLine(line -> line.startsWith("!"), "bob's refusal");
        eve.send("/search e1");
        eve.awaitExactly("* nothing found for \"e1\"");

        assertThat(refusal).startsWith("! rate-limited: too many searches, history pages and room changes from 127.0.0.1; retry in ");
        // bob's own connection had tokens left: the address's refusal did not spend one.
        assertThat(bob.seen()).noneMatch(line -> line.contains("\"b2\""));
    }

    @Test
    void heavyRateZeroMeansNoLimit() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS, RoomLimits.DEFAULTS.withoutHeavyBudget());
        PlainClient ann = server.plain("ann");
        for (int i = 1; i <= 60; i++) ann.send("/search word" + i);
        ann.awaitExactly("* nothing found for \"word60\"");
        assertThat(ann.seen()).noneMatch(line -> line.startsWith("!"));
    }
}

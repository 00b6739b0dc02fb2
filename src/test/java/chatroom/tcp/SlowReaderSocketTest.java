package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Limits;
import chatroom.testing.LineClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4: "a client that stops reading … gets a specific, announced disconnect, … and
 * everyone else keeps chatting without delay" (STYLE: a slow reader never stalls a room).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowReaderSocketTest {
    /** A small outbound queue, so that a reader who stops falls behind it soon. */
    private static final int SEND_QUEUE_BYTES = 64 * 1024;
    /** No rate limit: the chatters send thousands of messages as fast as the room takes them. */
    private static final Limits LIMITS = Limits.DEFAULTS.withSendQueueBytes(SEND_QUEUE_BYTES).withoutRateLimit();
    /** At least this many rounds of three ~1 KB messages: about 3 MB for the slow reader. */
    private static final int AT_LEAST_ROUNDS = 1000;
    /** …and on until the slow reader is dropped, but not for ever. */
    private static final int AT_MOST_ROUNDS = 10_000;
    private static final String PADDING = ".".repeat(1000);
    private static final Pattern MESSAGE = Pattern.compile("(\\w+): (\\w+) (\\d+) \\.+");

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
    void aReaderThatStopsReadingIsDroppedAsTooSlowWhileTheOthersReceiveEveryMessage() throws Exception {
        List<PlainClient> chatters = List.of(server.plain("ann"), server.plain("ben"), server.plain("cy"));
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096); // before connecting, so the window it offers stays small
            slow.connect(server.address());
            slow.getOutputStream().write("slow\n".getBytes(StandardCharsets.UTF_8));
            for (PlainClient c : chatters) c.awaitStamped("* slow joined");
            // From here on nobody ever reads from the slow socket.

            CountDownLatch dropped = chatters.getFirst().whenSeen(line -> "* slow left (too slow)".equals(PlainClient.unstamped(line)));
            int rounds = 0;
            List<Long> whileStuck = new ArrayList<>(); // round times (ns) while the slow reader was still in the room
            List<Long> afterDrop = new ArrayList<>();
            while (rounds < AT_LEAST_ROUNDS || (dropped.getCount() > 0 && rounds < AT_MOST_ROUNDS)) {
                long started = System.nanoTime();
                chatRound(chatters, rounds++);
                (dropped.getCount() > 0 ? whileStuck : afterDrop).add(System.nanoTime() - started);
            }
            // Each round needs all three to hear all three: every round that completed while the
            // slow reader sat in the room is a round in which nobody waited behind it.
            System.out.printf("slow consumer: %d rounds of 3 x 1 KB while the slow reader was stuck (send queue %d bytes), "
                            + "round time (send to all three received) p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                            + "%d rounds after it was dropped, p50 %.2f ms%n",
                    whileStuck.size(), SEND_QUEUE_BYTES, percentile(whileStuck, 50), percentile(whileStuck, 99),
                    percentile(whileStuck, 100), afterDrop.size(), percentile(afterDrop, 50));
            assertThat(whileStuck.size()).as("rounds the others completed while the slow reader was stuck")
                    .isGreaterThan(SEND_QUEUE_BYTES / (3 * PADDING.length()));
            assertThat(dropped.await(LineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the slow reader was dropped after %s rounds", rounds).isTrue();
            chatRound(chatters, rounds++); // the room goes on after the drop

            List<List<String>> views = new ArrayList<>();
            for (PlainClient c : chatters) {
                List<String> messages = c.seen().stream().map(PlainClient::unstamped)
                        .filter(rest -> rest != null && MESSAGE.matcher(rest).matches()).toList();
                assertThat(messages).as("messages %s received", c.label()).hasSize(3 * rounds);
                views.add(messages);
                assertThat(c.seen()).as("leaves %s saw", c.label())
                        .filteredOn(line -> line.contains(" left (")).singleElement()
                        .satisfies(line -> assertThat(PlainClient.unstamped(line)).isEqualTo("* slow left (too slow)"));
            }
            assertThat(views).allSatisfy(view -> assertThat(view).isEqualTo(views.getFirst()));
            assertThat(server.logLines()).anySatisfy(line ->
                    assertThat(line).matches(".* LEAVE #lobby \\d+ slow \\(too slow\\) 127\\.0\\.0\\.1:" + slow.getLocalPort()));
        }
    }

    private static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) return Double.NaN;
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /**
     * Everyone says one thing, then everyone waits until they have seen all three. In
     * lockstep, no chatter can get ahead of another's reading, so the only queue that can
     * fill is the slow reader's, however the machine schedules threads.
     */
    private static void chatRound(List<PlainClient> chatters, int round) {
        for (PlainClient c : chatters) c.send(c.label() + " " + round + " " + PADDING);
        for (PlainClient c : chatters) {
            List<String> seen = c.awaitStampedLines(rest -> {
                Matcher m = MESSAGE.matcher(rest);
                return m.matches() && m.group(3).equals(String.valueOf(round));
            }, chatters.size(), "a message of round " + round);
            assertThat(seen).extracting(rest -> rest.substring(0, rest.indexOf(':')))
                    .containsExactlyInAnyOrderElementsOf(chatters.stream().map(PlainClient::label).toList());
        }
    }
}

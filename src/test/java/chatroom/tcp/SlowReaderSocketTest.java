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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    /**
     * A small outbound queue, so that a reader who stops falls behind it soon, but not
     * smaller: the queue counts a message as 128 + 3 bytes per character, so 64 KiB holds
     * only ~20 of these messages, and on a two-core machine a healthy reader's writer was
     * sometimes descheduled that long and dropped too (3 runs in 5).
     */
    private static final int SEND_QUEUE_BYTES = 256 * 1024;
    private static final Limits LIMITS =
            new Limits(32 * 1024, 4096, Duration.ofSeconds(10), Duration.ofMillis(200), SEND_QUEUE_BYTES);
    /** Each chatter sends at least this many ~1 KB messages, about 3 MB for the slow reader in all. */
    private static final int AT_LEAST_EACH = 1000;
    /** …and goes on until the slow reader is dropped, but not for ever. */
    private static final int AT_MOST_EACH = 10_000;
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
            List<Integer> sent = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> each = new ArrayList<>();
                for (PlainClient c : chatters) each.add(pool.submit(() -> chat(c, dropped)));
                for (Future<Integer> f : each) sent.add(f.get());
            }
            assertThat(dropped.await(LineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the slow reader was dropped after %s messages", sent).isTrue();

            // Every chatter's last message comes after all its others; once everyone has
            // seen all three, they have seen everything.
            for (PlainClient c : chatters) {
                c.send("done");
                for (PlainClient other : chatters) other.awaitStamped(c.label() + ": done");
            }
            int total = sent.stream().mapToInt(Integer::intValue).sum();
            List<List<String>> views = new ArrayList<>();
            for (PlainClient c : chatters) {
                List<String> messages = c.seen().stream().map(PlainClient::unstamped)
                        .filter(rest -> rest != null && MESSAGE.matcher(rest).matches()).toList();
                assertThat(messages).as("messages %s received", c.label()).hasSize(total);
                views.add(messages);
                assertThat(c.seen()).as("leaves %s saw", c.label())
                        .filteredOn(line -> line.contains(" left (")).singleElement()
                        .satisfies(line -> assertThat(PlainClient.unstamped(line)).isEqualTo("* slow left (too slow)"));
            }
            assertThat(views).allSatisfy(view -> assertThat(view).isEqualTo(views.getFirst()));
            for (int i = 0; i < chatters.size(); i++) {
                String name = chatters.get(i).label();
                List<Integer> numbers = new ArrayList<>();
                for (String m : views.getFirst()) {
                    Matcher matcher = MESSAGE.matcher(m);
                    if (matcher.matches() && matcher.group(1).equals(name)) numbers.add(Integer.parseInt(matcher.group(3)));
                }
                assertThat(numbers).as("%s's messages, in the order sent", name).hasSize(sent.get(i))
                        .isSorted().doesNotHaveDuplicates();
            }
            assertThat(server.logLines()).anySatisfy(line ->
                    assertThat(line).matches(".* LEAVE #lobby \\d+ slow \\(too slow\\) 127\\.0\\.0\\.1:" + slow.getLocalPort()));
        }
    }

    /**
     * Sends messages one at a time, each after the echo of the last: the chatter never has
     * more than a few messages in flight, so only the reader who stopped can fall behind.
     */
    private static int chat(PlainClient c, CountDownLatch slowDropped) {
        int i = 0;
        while (i < AT_LEAST_EACH || (slowDropped.getCount() > 0 && i < AT_MOST_EACH)) {
            String text = c.label() + " " + i + " " + PADDING;
            c.send(text);
            c.awaitStamped(c.label() + ": " + text);
            i++;
        }
        return i;
    }
}

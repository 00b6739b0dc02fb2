package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;
import chatroom.testing.LineClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member quiet for a while waits on the shared selector with no reader thread
 * ({@link IdleReaders}); nothing about the chat may change for them: they receive while
 * parked, what they send wakes them, a full socket wakes them for their writer, a
 * structured member who stops reading still times out, and a closed or stopping
 * connection still ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleReadersSocketTest {
    private static final Duration PARKED = Duration.ofSeconds(10);
    /** The structured door's keep-alive, short (the plain door, which every other test here uses, never pings). */
    private static final Duration PING_AFTER = Duration.ofSeconds(1);
    private static final Duration TIMEOUT_AFTER = Duration.ofSeconds(3);

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withoutRateLimit().withSendQueueBytes(2 * beyondTheSocket())
                .withKeepAlive(PING_AFTER, TIMEOUT_AFTER));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** ben joins beside ann, and both wait on the selector. */
    private PlainClient joinedAndBothParked(PlainClient ann) {
        PlainClient ben = server.plain("ben");
        ann.awaitStamped("* ben joined");
        awaitParked(2);
        return ben;
    }

    private void awaitParked(int count) {
        await().atMost(PARKED).until(() -> server.parkedReaders() == count);
    }

    @Test
    void parkedMembersReceiveAndWhatTheySayWakesThemAgainAndAgain() {
        PlainClient ann = server.plain("ann");
        PlainClient ben = server.plain("ben");
        ann.awaitStamped("* ben joined");
        for (int round = 0; round < 3; round++) {
            awaitParked(2);
            ben.send("from ben " + round);
            ann.awaitStamped("ben: from ben " + round); // written to a parked member
            ann.send("from ann " + round); // bytes wake ann's reader
            ben.awaitStamped("ann: from ann " + round);
            ann.awaitStamped("ann: from ann " + round);
        }
    }

    @Test
    void aParkedMemberWhoseSocketFillsGetsEveryMessageInOrderOnceItReads() throws Exception {
        PlainClient ann = server.plain("ann");
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096); // before connecting, so the window it offers stays small
            slow.connect(server.address());
            slow.getOutputStream().write("slow\n".getBytes(StandardCharsets.UTF_8));
            ann.awaitStamped("* slow joined");
            awaitParked(2);
            String padding = ".".repeat(1000);
            int count = 300; // about 300 KB: far more than the socket holds, well within --send-queue
            for (int i = 0; i < count; i++) ann.send("m" + i + " " + padding);
            ann.awaitStamped("ann: m" + (count - 1) + " " + padding);

            BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
            slow.setSoTimeout(10_000);
            int next = 0;
            while (next < count) {
                String line = in.readLine();
                assertThat(line).as("line %d", next).isNotNull();
                if (!line.contains("ann: m")) continue; // the welcome and the joins
                assertThat(PlainClient.unstamped(line)).isEqualTo("ann: m" + next + " " + padding);
                next++;
            }
            slow.getOutputStream().write("got them all\n".getBytes(StandardCharsets.UTF_8));
            ann.awaitStamped("slow: got them all");
        }
    }

    /**
     * Its writer waits in a write for a peer that takes nothing, and its reader, quiet,
     * would park: the switch to non-blocking would wait for that write as long, and the
     * keep-alive's timeout with it.
     */
    @Test
    void aStructuredMemberWhoStopsReadingTimesOutWhileItsWriterWaits() throws Exception {
        PlainClient ann = server.plain("ann");
        JsonCodec codec = new JsonCodec(ZoneOffset.UTC);
        byte[] hello = line(codec.encode(new Request.Hello("h", JsonCodec.VERSION, "stalled", 0)));
        byte[] ping = line(codec.encode(new Request.Ping("p")));
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096); // before connecting, so the window it offers stays small
            stalled.connect(server.address());
            stalled.getOutputStream().write(hello);
            ann.awaitStamped("* stalled joined");
            CountDownLatch timedOut = ann.whenSeen(line -> "* stalled left (timed out)".equals(PlainClient.unstamped(line)));
            // It never reads. It pings as ann's messages pile up, so it cannot time out before its
            // writer waits, however long they take; then it says nothing more either.
            String padding = ".".repeat(4000);
            for (long sent = 0, n = 0; sent < beyondTheSocket(); sent += padding.length(), n++) {
                ann.send("m " + padding);
                if (n % 64 == 0) stalled.getOutputStream().write(ping);
            }
            stalled.getOutputStream().write(ping);

            assertThat(timedOut.await(TIMEOUT_AFTER.plus(LineClient.WAIT).toMillis(), TimeUnit.MILLISECONDS))
                    .as("the room was told the stalled member timed out").isTrue();
        }
    }

    private static byte[] line(String frame) {
        return (frame + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * More than a socket can hold on its way to a peer that does not read (the most the
     * system lets a send buffer grow to, and a margin for the peer's receive buffer), so
     * that its writer waits; within --send-queue at twice as much.
     */
    private static int beyondTheSocket() {
        int sendBuffer = 4 << 20; // Linux's usual most
        try {
            String[] wmem = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            sendBuffer = Integer.parseInt(wmem[2]);
        } catch (IOException | RuntimeException e) {
            // not Linux: the usual most
        }
        return sendBuffer + (1 << 20);
    }

    @Test
    void aParkedMembersLineWithoutANewlineIsStillCompletedByTheIdleGap() {
        PlainClient ann = server.plain("ann");
        PlainClient ben = joinedAndBothParked(ann);
        ann.sendWithoutNewline("no newline after this");
        ben.awaitStamped("ann: no newline after this");
        awaitParked(2); // and it parks again afterwards
    }

    @Test
    void aParkedMemberWhoHangsUpLeaves() {
        PlainClient ann = server.plain("ann");
        PlainClient ben = joinedAndBothParked(ann);
        ben.close();
        ann.awaitStamped("* ben left (connection lost)");
        await().atMost(PARKED).until(() -> server.connectionCount() == 1);
    }

    @Test
    void aStoppingServerSaysGoodbyeToParkedMembersAndEndsThem() {
        PlainClient ann = server.plain("ann");
        awaitParked(1);
        long started = System.nanoTime();
        server.stop();
        ann.awaitLine(line -> line.contains("server shutting down"), "the goodbye");
        ann.awaitEnd();
        assertThat(server.connectionCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}

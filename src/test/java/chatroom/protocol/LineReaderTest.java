package chatroom.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.LineReader.Result;
import chatroom.protocol.LineReader.Result.*;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cutting a byte stream into bounded UTF-8 lines (SPEC §4 "Plain door", §5 "one protocol line"). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LineReaderTest {
    private static final LineReader.Timeouts NO_TIMEOUTS = millis -> {};
    private static final int LIMIT = 16;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeSockets() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    // ---- over a finished stream ----

    @Test
    void linesAreSplitOnNewline() throws IOException {
        assertThat(readAll("one\ntwo\n\nfour\n", LIMIT))
                .containsExactly(new Line("one"), new Line("two"), new Line(""), new Line("four"), new End());
    }

    @Test
    void returnBeforeNewlineIsDropped() throws IOException {
        assertThat(readAll("one\r\ntwo\r\n\r\n", LIMIT))
                .containsExactly(new Line("one"), new Line("two"), new Line(""), new End());
    }

    @Test
    void returnInsideALineIsKept() throws IOException {
        assertThat(readAll("a\rb\n", LIMIT)).containsExactly(new Line("a\rb"), new End());
    }

    @Test
    void partialLineAtEndOfInputIsDelivered() throws IOException {
        assertThat(readAll("first\nno newline", LIMIT))
                .containsExactly(new Line("first"), new Line("no newline"), new End());
    }

    @Test
    void endIsReportedAgainOnEveryLaterCall() throws IOException {
        LineReader reader = reader(new ByteArrayInputStream(new byte[0]), LIMIT);
        assertThat(reader.next(0)).isEqualTo(new End());
        assertThat(reader.next(0)).isEqualTo(new End());
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() throws IOException {
        String max = "x".repeat(LIMIT);
        assertThat(readAll(max + "\n" + max + "\r\n" + max, LIMIT))
                .containsExactly(new Line(max), new Line(max), new Line(max), new End());
    }

    @Test
    void overLongLineIsReportedAndTheNextLineStillReads() throws IOException {
        assertThat(readAll("x".repeat(LIMIT + 1) + "\nok\n", LIMIT))
                .containsExactly(new TooLong(LIMIT + 1), new Line("ok"), new End());
    }

    @Test
    void veryLongLineIsSkippedWholeAndCountedInBytes() throws IOException {
        int length = 100_000; // many times the limit and the read chunk
        assertThat(readAll("y".repeat(length) + "\nafter\n", 256))
                .containsExactly(new TooLong(length), new Line("after"), new End());
    }

    @Test
    void overLongPartialLineAtEndOfInputIsReportedNotDelivered() throws IOException {
        assertThat(readAll("ok\n" + "z".repeat(LIMIT * 3), LIMIT))
                .containsExactly(new Line("ok"), new TooLong(LIMIT * 3), new End());
    }

    @Test
    void severalOverLongLinesInARowAreEachReported() throws IOException {
        String tooLong = "w".repeat(LIMIT + 5);
        assertThat(readAll(tooLong + "\n" + tooLong + "\nfine\n", LIMIT))
                .containsExactly(new TooLong(LIMIT + 5), new TooLong(LIMIT + 5), new Line("fine"), new End());
    }

    @Test
    void limitCountsBytesNotCharacters() throws IOException {
        // 你 and 好 are three bytes each in UTF-8
        assertThat(readAll("你好\n你好a\n", 6)).containsExactly(new Line("你好"), new TooLong(7), new End());
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("lone continuation byte", new byte[] {(byte) 0x80}),
                Arguments.of("C3 without continuation", new byte[] {(byte) 0xC3, '('}),
                Arguments.of("overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("FF", new byte[] {'a', (byte) 0xFF, 'b'}),
                Arguments.of("truncated 你", new byte[] {(byte) 0xE4, (byte) 0xBD}),
                Arguments.of("beyond U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    }

    @ParameterizedTest(name = "[{index}] {0} is bad UTF-8 and the next line reads fine")
    @MethodSource("invalidUtf8")
    void invalidUtf8IsReportedAndTheNextLineStillReads(String what, byte[] bad) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(bad);
        bytes.write("\nok\n".getBytes(UTF_8));
        assertThat(readAll(new ByteArrayInputStream(bytes.toByteArray()), LIMIT))
                .containsExactly(new BadUtf8(), new Line("ok"), new End());
    }

    @Test
    void multiByteCharactersSplitAcrossReadsAreNotBroken() throws IOException {
        String text = "你好 café 👋 Ωμέγα\nnext 😀\n";
        InputStream trickle = new OneByteAtATime(new ByteArrayInputStream(text.getBytes(UTF_8)));
        assertThat(readAll(trickle, 256)).containsExactly(new Line("你好 café 👋 Ωμέγα"), new Line("next 😀"), new End());
    }

    @Test
    void overLongLineArrivingOneByteAtATimeIsStillRecoverable() throws IOException {
        String text = "v".repeat(LIMIT * 4) + "\r\nok\r\n";
        InputStream trickle = new OneByteAtATime(new ByteArrayInputStream(text.getBytes(UTF_8)));
        List<Result> results = readAll(trickle, LIMIT);
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isInstanceOf(TooLong.class);
        assertThat(((TooLong) results.get(0)).bytes()).isGreaterThanOrEqualTo(LIMIT * 4);
        assertThat(results.subList(1, 3)).containsExactly(new Line("ok"), new End());
    }

    // ---- over a live socket ----

    @Test
    void partialLineComesBackAfterTheIdleGap() throws IOException {
        Socket[] pair = socketPair();
        LineReader reader = new LineReader(pair[1].getInputStream(), LIMIT, 50, pair[1]::setSoTimeout);
        OutputStream client = pair[0].getOutputStream();

        client.write("alice".getBytes(UTF_8)); // the assignment's client: no newline, socket stays open
        client.flush();

        assertThat(reader.next(0)).isEqualTo(new Line("alice"));

        client.write("hello everyone".getBytes(UTF_8));
        client.flush();
        assertThat(reader.next(0)).isEqualTo(new Line("hello everyone"));
    }

    @Test
    void overLongPartialLineEndsAtTheIdleGapAndTheNextPartialLineStillReads() throws IOException {
        Socket[] pair = socketPair();
        LineReader reader = new LineReader(pair[1].getInputStream(), LIMIT, 50, pair[1]::setSoTimeout);
        OutputStream client = pair[0].getOutputStream();

        client.write("x".repeat(LIMIT * 3).getBytes(UTF_8)); // no newline, socket stays open
        client.flush();
        assertThat(reader.next(1000)).isEqualTo(new TooLong(LIMIT * 3));

        client.write("hello".getBytes(UTF_8));
        client.flush();
        assertThat(reader.next(1000)).isEqualTo(new Line("hello"));
    }

    @Test
    void withoutIdleGapAPartialLineWaitsForItsNewline() throws IOException {
        Socket[] pair = socketPair();
        LineReader reader = new LineReader(pair[1].getInputStream(), LIMIT, 0, pair[1]::setSoTimeout);
        OutputStream client = pair[0].getOutputStream();

        client.write("hal".getBytes(UTF_8));
        client.flush();
        assertThat(reader.next(50)).isEqualTo(new Quiet());

        client.write("f\n".getBytes(UTF_8));
        client.flush();
        assertThat(reader.next(0)).isEqualTo(new Line("half"));
    }

    @Test
    void silenceIsQuietAndTheConnectionCarriesOn() throws IOException {
        Socket[] pair = socketPair();
        LineReader reader = new LineReader(pair[1].getInputStream(), LIMIT, 50, pair[1]::setSoTimeout);

        assertThat(reader.next(30)).isEqualTo(new Quiet());

        pair[0].getOutputStream().write("later\n".getBytes(UTF_8));
        assertThat(reader.next(0)).isEqualTo(new Line("later"));
    }

    @Test
    void aTrickleOfBytesWithoutANewlineIsStillQuietWhenTheWaitIsOver() throws IOException {
        // A peer that sends a byte every millisecond and never ends its line must not hold
        // the reader past its wait: the keep-alive and the name deadline depend on it.
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                LockSupport.parkNanos(1_000_000); // the peer's pace, not a wait for anything
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                b[off] = (byte) read();
                return 1;
            }
        };
        LineReader reader = new LineReader(trickle, 1 << 20, 0, NO_TIMEOUTS);

        assertThat(reader.next(50)).isEqualTo(new Quiet());
    }

    @Test
    void clientVanishingMidLineDeliversThePartialLineThenEnd() throws IOException {
        Socket[] pair = socketPair();
        LineReader reader = new LineReader(pair[1].getInputStream(), LIMIT, 0, pair[1]::setSoTimeout);

        pair[0].getOutputStream().write("full\nhalf".getBytes(UTF_8));
        pair[0].close();

        assertThat(reader.next(0)).isEqualTo(new Line("full"));
        assertThat(reader.next(0)).isEqualTo(new Line("half"));
        assertThat(reader.next(0)).isEqualTo(new End());
    }

    // ---- helpers ----

    private static LineReader reader(InputStream in, int limit) {
        return new LineReader(in, limit, 0, NO_TIMEOUTS);
    }

    private static List<Result> readAll(String text, int limit) throws IOException {
        return readAll(new ByteArrayInputStream(text.getBytes(UTF_8)), limit);
    }

    /** Every result up to and including the first End. */
    static List<Result> readAll(InputStream in, int limit) throws IOException {
        LineReader reader = reader(in, limit);
        List<Result> results = new ArrayList<>();
        Result r;
        do {
            r = reader.next(0);
            results.add(r);
        } while (!(r instanceof End));
        return results;
    }

    private Socket[] socketPair() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        toClose.add(server);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        toClose.add(client);
        Socket accepted = server.accept();
        toClose.add(accepted);
        return new Socket[] {client, accepted};
    }

    /** Hands out at most one byte per read, as a slow network might. */
    static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}

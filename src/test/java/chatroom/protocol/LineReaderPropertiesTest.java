package chatroom.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.LineReader.Result;
import chatroom.protocol.LineReader.Result.End;
import chatroom.protocol.LineReader.Result.Line;
import chatroom.protocol.LineReader.Result.Quiet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of line reading over arbitrary bytes arriving in arbitrary pieces. */
class LineReaderPropertiesTest {

    @Property
    void randomBytesNeverBreakTheReaderAndNoLineExceedsTheLimit(
            @ForAll("bytes") byte[] bytes, @ForAll @IntRange(min = 1, max = 16) int limit, @ForAll Random pieces)
            throws IOException {
        List<Result> results = readAll(new Pieces(bytes, pieces), limit);

        assertThat(results).last().isEqualTo(new End());
        assertThat(results).doesNotHaveAnyElementsOfTypes(Quiet.class);
        for (Result r : results) {
            if (r instanceof Line line) {
                assertThat(line.text().getBytes(UTF_8).length).isLessThanOrEqualTo(limit);
                assertThat(line.text()).doesNotContain("\n");
            }
        }
        // Every line ending yields exactly one result (plus one for a partial line at the end).
        long newlines = countNewlines(bytes);
        boolean partialAtEnd = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
        assertThat(results).hasSize((int) newlines + (partialAtEnd ? 1 : 0) + 1);
    }

    @Property
    void shortLinesComeBackExactlyHoweverTheBytesArrive(@ForAll("shortLines") List<String> lines, @ForAll Random pieces)
            throws IOException {
        byte[] bytes = lines.stream().map(l -> l + "\n").collect(java.util.stream.Collectors.joining()).getBytes(UTF_8);
        List<Result> expected = new ArrayList<>();
        for (String l : lines) expected.add(new Line(l));
        expected.add(new End());

        assertThat(readAll(new Pieces(bytes, pieces), 16)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        // Biased towards line ends, carriage returns and UTF-8 lead and continuation bytes.
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.bytes()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) '\n', (byte) '\r')),
                net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) 'a', (byte) 0xE4, (byte) 0xBD, (byte) 0xA0, (byte) 0xF0, (byte) 0x9F,
                        (byte) 0xC3, (byte) 0xA9, (byte) 0x80)));
        return b.list().ofMaxSize(200).map(list -> {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) out[i] = list.get(i);
            return out;
        });
    }

    @Provide
    Arbitrary<List<String>> shortLines() {
        // At most 16 bytes each in UTF-8 (4 chars of up to 3 bytes, or 4 surrogate pairs), no line ends.
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').withChars("éß你好\t\u0000").ofMaxLength(5),
                Arbitraries.of("😀", "😀😀", "😀😀😀😀", "x".repeat(16), "你好你好你"));
        return line.list().ofMaxSize(20);
    }

    private static long countNewlines(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) if (b == '\n') n++;
        return n;
    }

    private static List<Result> readAll(InputStream in, int limit) throws IOException {
        LineReader reader = new LineReader(in, limit, 0, millis -> {});
        List<Result> results = new ArrayList<>();
        Result r;
        do {
            r = reader.next(0);
            results.add(r);
            assertThat(results.size()).as("the reader finishes").isLessThan(10_000);
        } while (!(r instanceof End));
        return results;
    }

    /** Hands the bytes out in random pieces, as a network might. */
    private static final class Pieces extends ByteArrayInputStream {
        private final Random random;

        Pieces(byte[] bytes, Random random) {
            super(bytes);
            this.random = random;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(8)));
        }
    }
}

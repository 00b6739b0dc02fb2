package chatroom.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server log on disk (SPEC §4 "Records"): it always ends with a whole line, after a
 * crash mid-line, a write the disk cut short, or a force that failed; with fsync, waiting
 * recorders share one force.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerLogTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant T = Instant.parse("2026-11-27T06:03:07.456Z");
    private static final String STAMP = "2026-11-27T14:03:07.456+08:00";
    /** Every line of the log has this shape: nothing torn, nothing glued. */
    private static final String WHOLE_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d [A-Z]+( .*)?";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private FaultyChannel channel;
    private ServerLog log;

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) log.close();
    }

    private ServerLog open(boolean fsync) throws IOException {
        log = new ServerLog(dir, ZONE, new Console(System.out, true), fsync,
                new PrintStream(warnings, true, StandardCharsets.UTF_8), path -> {
                    channel = new FaultyChannel(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
                    return channel;
                });
        return log;
    }

    private Path file() {
        return dir.resolve("chatroom-2026-11-27.log");
    }

    private String content() throws IOException {
        return Files.readString(file(), StandardCharsets.UTF_8);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8); // strict UTF-8: fails on a cut character
    }

    // ---- a crash mid-line ----

    @Test
    void aLineThatWaitedForItsTurnIsNotStampedBeforeTheLineAboveIt() throws IOException {
        open(false);
        // Two recorders take the time, then the later one gets the lock first: the log must still read forwards.
        log.record(T.plusMillis(5), "MSG #games 1 bob: took its time second, wrote first");
        log.record(T, "MSG #lobby 1 ann: took its time first, wrote second");
        log.record(T.plusMillis(9), "MSG #lobby 2 ann: later still");
        assertThat(lines()).containsExactly(
                "2026-11-27T14:03:07.461+08:00 MSG #games 1 bob: took its time second, wrote first",
                "2026-11-27T14:03:07.461+08:00 MSG #lobby 1 ann: took its time first, wrote second",
                "2026-11-27T14:03:07.465+08:00 MSG #lobby 2 ann: later still");
    }

    @Test
    void aFileACrashLeftEndingMidLineGetsANewlineAndARecoveredLineBeforeTheNextEvent() throws IOException {
        String whole = "2026-11-27T13:59:00.000+08:00 MSG #lobby 1 ann: hello\n";
        String partial = "2026-11-27T13:59:01.000+08:00 MSG #lobby 2 ann: half a li";
        Files.writeString(file(), whole + partial, StandardCharsets.UTF_8);

        open(false).record(T, "START chatroom test");

        assertThat(lines()).containsExactly(
                whole.strip(),
                partial,
                STAMP + " RECOVERED previous run ended mid-line (" + partial.length() + " bytes of a partial line above)",
                STAMP + " START chatroom test");
    }

    @Test
    void aCharacterTheCrashCutInHalfIsRemovedSoTheFileStaysUtf8() throws IOException {
        byte[] cut = "2026-11-27T13:59:01.000+08:00 MSG #lobby 2 ann: 我".getBytes(StandardCharsets.UTF_8);
        Files.write(file(), java.util.Arrays.copyOf(cut, cut.length - 1)); // 2 of the 3 bytes of 我

        open(false).record(T, "START chatroom test");

        assertThat(lines()).containsExactly(
                "2026-11-27T13:59:01.000+08:00 MSG #lobby 2 ann: ",
                STAMP + " RECOVERED previous run ended mid-line (" + (cut.length - 3)
                        + " bytes of a partial line above; 2 bytes of a cut-off character removed)",
                STAMP + " START chatroom test");
    }

    @Test
    void aFileWithoutAnyNewlineIsOnePartialLine() throws IOException {
        Files.writeString(file(), "2026-11", StandardCharsets.UTF_8);

        open(false).record(T, "START chatroom test");

        assertThat(lines()).containsExactly("2026-11",
                STAMP + " RECOVERED previous run ended mid-line (7 bytes of a partial line above)",
                STAMP + " START chatroom test");
    }

    @Test
    void aFileThatEndsWithAWholeLineIsAppendedToAsItIs() throws IOException {
        String whole = "2026-11-27T13:59:00.000+08:00 STOP\n";
        Files.writeString(file(), whole, StandardCharsets.UTF_8);

        open(false).record(T, "START chatroom test");

        assertThat(content()).isEqualTo(whole + STAMP + " START chatroom test\n");
    }

    @Test
    void aPartialLineLongerThanOneReadBlockIsMeasuredInFull() throws IOException {
        String partial = "2026-11-27T13:59:01.000+08:00 MSG #lobby 2 ann: " + "x".repeat(20_000);
        Files.writeString(file(), "2026-11-27T13:59:00.000+08:00 STOP\n" + partial, StandardCharsets.UTF_8);

        open(false).record(T, "START chatroom test");

        assertThat(lines().get(2)).isEqualTo(
                STAMP + " RECOVERED previous run ended mid-line (" + partial.length() + " bytes of a partial line above)");
    }

    // ---- a full disk ----

    @Test
    void aWriteTheDiskCutsShortLeavesNothingOfItsLineAndTheGapIsNotedWhenWritingResumes() throws IOException {
        open(false).record(T, "START chatroom test");
        String before = content();

        channel.room(10); // the disk takes 10 more bytes, then is full
        assertThatThrownBy(() -> log.record(T, "MSG #lobby 1 ann: refused")).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        assertThatThrownBy(() -> log.record(T, "CONNECT 127.0.0.1:5000")).isInstanceOf(IOException.class);
        assertThat(content()).isEqualTo(before);

        channel.room(-1); // space again
        log.record(T, "MSG #lobby 1 ann: accepted");

        assertThat(lines()).containsExactly(
                STAMP + " START chatroom test",
                STAMP + " GAP 2 events not written (No space left on device)",
                STAMP + " MSG #lobby 1 ann: accepted");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("cannot write the server log", "No space left on device")
                .contains("can be written again (2 events not written)");
    }

    @Test
    void whenThePartialWriteCannotBeCutAtOnceItIsCutBeforeTheNextLine() throws IOException {
        open(false).record(T, "START chatroom test");
        String before = content();

        channel.room(10);
        channel.failTruncates(1);
        assertThatThrownBy(() -> log.record(T, "MSG #lobby 1 ann: refused")).isInstanceOf(IOException.class);
        assertThat(content()).as("the torn bytes, still there").hasSize(before.length() + 10);

        channel.room(-1);
        log.record(T, "MSG #lobby 1 ann: accepted");

        assertThat(lines()).containsExactly(
                STAMP + " START chatroom test",
                STAMP + " GAP 1 event not written (No space left on device)",
                STAMP + " MSG #lobby 1 ann: accepted");
    }

    @Test
    void withoutFsyncNothingIsForcedUntilTheLogCloses() throws IOException {
        open(false).record(T, "START chatroom test");
        log.record(T, "MSG #lobby 1 ann: hi");
        assertThat(channel.forces()).isZero();

        log.close();
        assertThat(channel.forces()).isEqualTo(1);
    }

    @Test
    void closingAfterAnInterruptedWriterClosedTheFileUnderItDoesNotFail() throws Exception {
        ServerLog real = new ServerLog(dir, ZONE, new Console(System.out, true)); // a FileChannel an interrupt closes
        real.record(T, "START chatroom test");
        Thread writer = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                real.record(T, "MSG #lobby 1 ann: hi");
            } catch (IOException expected) {
                // the interrupt closed the file under the write
            }
        });
        writer.start();
        writer.join();
        real.close();
        assertThat(lines()).anyMatch(l -> l.endsWith("START chatroom test"));
    }

    // ---- fsync ----

    @Test
    void withFsyncEachLineIsForcedBeforeRecordReturns() throws IOException {
        open(true).record(T, "START chatroom test");
        int atOpen = channel.forces();

        log.record(T, "MSG #lobby 1 ann: hi");

        assertThat(channel.forces()).isEqualTo(atOpen + 1);
    }

    @Test
    void recordersThatWroteWhileAForceRanShareTheNextForce() throws Exception {
        open(true).record(T, "START chatroom test");
        int atOpen = channel.forces();
        CountDownLatch gate = new CountDownLatch(1);
        channel.holdForces(gate);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> record("MSG #lobby 1 ann: one"), pool);
            assertThat(channel.forcing().tryAcquire(10, TimeUnit.SECONDS)).as("the first force started").isTrue();

            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> record("MSG #lobby 2 bob: two"), pool);
            CompletableFuture<Void> third = CompletableFuture.runAsync(() -> record("PRIVATE 1 cat -> ann: three"), pool);
            assertThat(channel.writes.tryAcquire(3, 10, TimeUnit.SECONDS)).as("all three lines written").isTrue();
            assertThat(second).as("a recorder returns only once its line is forced").isNotDone();
            assertThat(third).isNotDone();

            gate.countDown();
            CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
        }
        assertThat(channel.forces()).as("one force for the first line, one shared by the other two").isEqualTo(atOpen + 2);
        assertThat(lines()).hasSize(4).allMatch(l -> l.matches(WHOLE_LINE));
    }

    @Test
    void manyRecordersAtOnceWithFsyncEachGetAWholeForcedLine() throws Exception {
        open(true).record(T, "START chatroom test");
        int atOpen = channel.forces();
        int threads = 4;
        int each = 100;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int me = t;
                pool.submit(() -> {
                    for (int i = 0; i < each; i++) record("PRIVATE " + i + " t" + me + " -> x: line " + i);
                    return null;
                });
            }
        }
        assertThat(lines()).hasSize(1 + threads * each).allMatch(l -> l.matches(WHOLE_LINE));
        int forces = channel.forces() - atOpen;
        assertThat(forces).as("forces for %d lines", threads * each).isBetween(1, threads * each);
        System.out.printf("ServerLogTest: %d lines from %d threads took %d forces%n", threads * each, threads, forces);
    }

    @Test
    void whenAForceFailsItsLinesAreRefusedAndCutOff() throws IOException {
        open(true).record(T, "START chatroom test");
        String before = content();

        channel.failForces(true);
        assertThatThrownBy(() -> log.record(T, "MSG #lobby 1 ann: refused")).isInstanceOf(IOException.class)
                .hasMessageContaining("forced");
        assertThat(content()).isEqualTo(before);

        channel.failForces(false);
        log.record(T, "MSG #lobby 1 ann: accepted");

        assertThat(lines()).containsExactly(
                STAMP + " START chatroom test",
                STAMP + " GAP 1 event not written (Input/output error)",
                STAMP + " MSG #lobby 1 ann: accepted");
    }

    private void record(String line) {
        try {
            log.record(T, line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

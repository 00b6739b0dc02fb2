package chatroom.jmh;

import chatroom.chat.StoredEvent;
import chatroom.history.SqliteHistoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appends per second to the SQLite history store, each caller waiting for its commit as
 * the chat rules will. Run with {@code -t 1}, {@code -t 4}, … for that many concurrent
 * appenders: with group commit they share commits, without it each append is a commit of
 * its own. {@code fsync} true is synchronous=FULL (a forced WAL per commit). The store
 * lives in {@code java.io.tmpdir}, which must be a real disk for fsync to cost anything.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HistoryStoreBenchmark {

    @Param({"true", "false"})
    boolean groupCommit;

    @Param({"false", "true"})
    boolean fsync;

    private Path dir;
    private SqliteHistoryStore store;
    private final AtomicLong seq = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("history-bench");
        store = SqliteHistoryStore.open(dir, new SqliteHistoryStore.Options(fsync, groupCommit));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        long appends = seq.get();
        store.close();
        System.out.printf("%n%d appends in %d commits (%.1f per commit)%n", appends, store.commits(),
                appends / (double) Math.max(1, store.commits()));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Benchmark
    public long append() throws IOException {
        return store.append(StoredEvent.message("#lobby", seq.incrementAndGet(), Instant.now(), "bench", CodecBenchmark.TEXT));
    }
}

package chatroom.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** CPU time and resident memory of a local process, from {@code /proc} (Linux only; elsewhere empty). */
final class ProcStat {
    /** /proc counts CPU time in clock ticks of USER_HZ, which is 100 on every mainstream Linux architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** utime and stime are fields 14 and 15 of /proc/PID/stat: 11 and 12 after the ")" that ends the name. */
    private static final int UTIME_AFTER_NAME = 11;
    /** Threads of one kind differ by a number at the end of their names: {@code GC Thread#1}, {@code pool-2-thread-3}. */
    private static final Pattern TRAILING_NUMBER = Pattern.compile("[#-]?\\d+$");

    /**
     * @param cpuNanos     user and system CPU time so far
     * @param rssBytes     resident set size now (VmRSS)
     * @param peakRssBytes the most it has been resident (VmHWM)
     */
    record Sample(long cpuNanos, long rssBytes, long peakRssBytes) {
    }

    private ProcStat() {
    }

    /** {@code pid} is a number or {@code "self"}. */
    static Optional<Sample> read(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[UTIME_AFTER_NAME + 1]);
            long rss = -1;
            long peak = -1;
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) rss = kilobytes(line);
                else if (line.startsWith("VmHWM:")) peak = kilobytes(line);
            }
            return Optional.of(new Sample(ticks * NANOS_PER_TICK, rss, peak));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU time so far of each kind of thread in {@code pid}, by name less a trailing number
     * ({@code history-index}, {@code ForkJoinPool-1-}, {@code C2 CompilerThre}: Linux keeps 15
     * characters); empty when unreadable. A thread that ended since an earlier reading takes
     * its time with it, so differences undercount short-lived threads.
     */
    static Map<String, Long> threads(String pid) {
        Map<String, Long> byKind = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[UTIME_AFTER_NAME + 1]);
                    byKind.merge(TRAILING_NUMBER.matcher(name).replaceFirst(""), ticks * NANOS_PER_TICK, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // The thread ended while being read.
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byKind;
    }

    static boolean exists(long pid) {
        return Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }
}

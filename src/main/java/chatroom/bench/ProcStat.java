package chatroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** CPU time and resident memory of a local process, from {@code /proc} (Linux only; elsewhere empty). */
final class ProcStat {
    /** /proc counts CPU time in clock ticks of USER_HZ, which is 100 on every mainstream Linux architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** utime and stime are fields 14 and 15 of /proc/PID/stat: 11 and 12 after the ")" that ends the name. */
    private static final int UTIME_AFTER_NAME = 11;

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

    static boolean exists(long pid) {
        return Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }
}

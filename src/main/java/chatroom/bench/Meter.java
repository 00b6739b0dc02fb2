package chatroom.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Takes CPU and memory snapshots at the edges of the measured stretch. Three cases:
 * the server runs in this JVM (then the bench's share is the CPU time of its own threads
 * and the server's is the rest of the process, garbage collection and compilation of
 * both included); the server is a local process given by {@code --pid} (read from
 * /proc); or the server's usage is unknown.
 */
final class Meter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * @param at          System.nanoTime()
     * @param processCpu  this JVM's CPU time
     * @param threadsCpu  the bench threads' CPU time
     * @param serverCpu   the --pid process's CPU time, or -1
     * @param serverThreads the --pid process's CPU time by kind of thread, or empty
     */
    record Snapshot(long at, long processCpu, long threadsCpu, long serverCpu, Map<String, Long> serverThreads) {
    }

    private final boolean inProcess;
    private final long pid;
    private final List<Thread> benchThreads = new CopyOnWriteArrayList<>();

    /** @param pid the server's process id, or 0 when it is unknown or in this JVM */
    Meter(boolean inProcess, long pid) {
        this.inProcess = inProcess;
        this.pid = pid;
    }

    /** In-process, this thread's CPU time is the bench's, not the server's. */
    void countAsBench(Thread thread) {
        benchThreads.add(thread);
    }

    Snapshot take() {
        long server = pid > 0 ? ProcStat.read(Long.toString(pid)).map(ProcStat.Sample::cpuNanos).orElse(-1L) : -1;
        Map<String, Long> threads = pid > 0 ? ProcStat.threads(Long.toString(pid)) : Map.of();
        return new Snapshot(System.nanoTime(), processCpu(), threadsCpu(), server, threads);
    }

    Usage between(Snapshot from, Snapshot to) {
        long wall = to.at() - from.at();
        if (inProcess) {
            long bench = to.threadsCpu() - from.threadsCpu();
            long process = to.processCpu() - from.processCpu();
            ProcStat.Sample self = ProcStat.read("self").orElse(new ProcStat.Sample(-1, -1, -1));
            return new Usage(wall, bench, "its I/O thread (server and bench share one JVM)",
                    process < 0 ? -1 : process - bench, "this JVM less the bench's threads (GC and JIT of both included)",
                    self.rssBytes(), self.peakRssBytes(), "this JVM: server and bench together", Map.of());
        }
        long bench = to.processCpu() - from.processCpu();
        if (pid > 0) {
            ProcStat.Sample server = ProcStat.read(Long.toString(pid)).orElse(new ProcStat.Sample(-1, -1, -1));
            long cpu = from.serverCpu() < 0 || to.serverCpu() < 0 ? -1 : to.serverCpu() - from.serverCpu();
            return new Usage(wall, bench, "the bench process", cpu, "/proc/" + pid, server.rssBytes(),
                    server.peakRssBytes(), "process " + pid, between(from.serverThreads(), to.serverThreads()));
        }
        return new Usage(wall, bench, "the bench process", -1, "unknown (give --pid)", -1, -1, "unknown (give --pid)", Map.of());
    }

    /** Each kind of thread's CPU time between two readings, the busiest first; kinds that used none are left out. */
    private static Map<String, Long> between(Map<String, Long> from, Map<String, Long> to) {
        Map<String, Long> used = new LinkedHashMap<>();
        to.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - from.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> used.put(e.getKey(), e.getValue()));
        return used;
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ProcStat.read("self").map(ProcStat.Sample::cpuNanos).orElse(-1L);
    }

    private long threadsCpu() {
        long sum = 0;
        for (Thread t : benchThreads) {
            long cpu = THREADS.getThreadCpuTime(t.threadId());
            if (cpu > 0) sum += cpu;
        }
        return sum;
    }
}

package chatroom.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one {@link Plan}: starts the in-process server if asked, builds the clients, drives
 * them from one I/O thread until the workload is done, and returns what it found. The
 * calling thread only waits and, when someone watches, keeps a progress line on stderr.
 */
public final class Bench {
    /** How often the progress line is redrawn. */
    private static final long PROGRESS_MILLIS = 250;
    /** How long the reachability check waits for a remote server. */
    private static final int CONNECT_CHECK_MILLIS = 5_000;

    private Bench() {
    }

    /**
     * @param notes    told what the bench is about to do (target, raised limits) before it does it
     * @param progress where to keep a progress line, or null for none
     */
    public static Results run(Plan plan, Consumer<String> notes, PrintStream progress) throws IOException, InterruptedException {
        return run(plan, List.of(), notes, progress);
    }

    /**
     * As above, with {@code alsoPorts}: more servers of the same cluster on the plan's host,
     * the clients spread over them and the plan's port in turn.
     */
    public static Results run(Plan plan, List<Integer> alsoPorts, Consumer<String> notes, PrintStream progress)
            throws IOException, InterruptedException {
        InProcessServer server = null;
        String limitsNote = null;
        InetSocketAddress address;
        String target;
        if (plan.inProcess()) {
            BenchLimits.Raised raised = BenchLimits.forClients(plan.clients());
            server = InProcessServer.start(raised.limits(), plan.door().equals("irc"));
            address = server.address();
            limitsNote = raised.note();
            target = "in-process server on " + hostPort(address);
            notes.accept("target: " + target);
            notes.accept("limits raised for the benchmark: " + limitsNote);
        } else {
            address = new InetSocketAddress(InetAddress.getByName(plan.host()), plan.port());
            reachable(address);
            target = "server at " + hostPort(address) + (plan.pid() > 0 ? ", process " + plan.pid() : "");
            for (int port : alsoPorts) {
                InetSocketAddress also = new InetSocketAddress(address.getAddress(), port);
                reachable(also);
                target += " and " + hostPort(also);
            }
            notes.accept("target: " + target);
        }
        List<InetSocketAddress> targets = new ArrayList<>(List.of(address));
        for (int port : alsoPorts) targets.add(new InetSocketAddress(address.getAddress(), port));
        try (IoLoop io = new IoLoop(targets)) {
            io.scanForPayloads(plan.door().equals("raw"));
            List<LoadClient> clients = new ArrayList<>(plan.clients());
            for (int i = 0; i < plan.clients(); i++) clients.add(new LoadClient(i, plan.name(i)));
            Wire wire = Wire.of(plan.door(), plan.raw());
            Status status = new Status(progress != null);
            long base = System.nanoTime();
            Meter meter = new Meter(plan.inProcess(), plan.pid());
            Run driver = plan.workload() == Workload.CAPACITY
                    ? new CapacityRun(plan, wire, io, clients, meter, status, base)
                    : new MessageRun(plan, wire, io, clients, meter, status, base);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread ioThread = Thread.ofPlatform().name("bench-io").unstarted(() -> {
                try {
                    io.run(driver);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            meter.countAsBench(ioThread);
            meter.countAsBench(io.timer());
            meter.countAsBench(Thread.currentThread());
            ioThread.start();
            while (ioThread.isAlive()) {
                ioThread.join(PROGRESS_MILLIS);
                if (progress != null && !status.line().isEmpty()) progress.print("\r" + status.line() + "\033[K");
            }
            if (progress != null) progress.print("\r\033[K");
            if (failure.get() != null) throw new IOException("the bench's I/O thread failed: " + failure.get(), failure.get());
            return driver.results(target, limitsNote);
        } finally {
            if (server != null) server.close();
        }
    }

    /** One plain connect first, so that a server that is not there is one clear line, not N failed joins. */
    private static void reachable(InetSocketAddress address) throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(address, CONNECT_CHECK_MILLIS);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + hostPort(address) + ": " + e.getMessage(), e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Whether stderr is a terminal (Linux: fd 2 points at a tty), so a progress line would be seen. */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}

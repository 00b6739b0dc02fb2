import chatroom.chat.StoredEvent;
import chatroom.history.SqliteHistoryStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Issue 12's reproduction, outside the test command (run by bench/search-flood.sh): a room
 * of many 4 KB messages, /search floods over plain TCP, and pipelined room hopping, against
 * a server started from the jar. Prints CPU seconds (from /proc), how long the flooder
 * stayed online, a bystander's message delay, and the hopper's joins and log bytes.
 *
 * usage: SearchFlood fill DATA_DIR MESSAGES | SearchFlood run HOST PORT SERVER_PID DATA_DIR ROUNDS
 */
public final class SearchFlood {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("fill")) fill(Path.of(args[1]), Integer.parseInt(args[2]));
        else run(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]), Path.of(args[4]), Integer.parseInt(args[5]));
    }

    /** Messages of 4,096 characters drawn from ordinary words, so the index sees chat-like text. */
    static void fill(Path dir, int n) throws Exception {
        String[] words = "the a plan meeting tomorrow lunch code review test build server room history search 明天 我们 见 好的 谢谢"
                .split(" ");
        Random random = new Random(12);
        long started = System.nanoTime();
        try (SqliteHistoryStore store = SqliteHistoryStore.open(dir, false)) {
            Instant t = Instant.parse("2026-11-27T06:00:00Z");
            for (int i = 1; i <= n; i++) {
                StringBuilder text = new StringBuilder();
                while (text.length() < 4096) text.append(words[random.nextInt(words.length)]).append(' ');
                store.queue(StoredEvent.message("#lobby", i, t, "filler", text.substring(0, 4096)));
                if (i % 1000 == 0) store.commit();
            }
            store.commit();
        }
        System.out.printf("filled %d messages of 4 KB in %.1f s; history.db %d MB%n", n, (System.nanoTime() - started) / 1e9,
                Files.size(dir.resolve("history.db")) / 1_000_000);
    }

    /** One plain connection; lines go to a list a test thread can wait on. */
    static final class Line implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final List<String> seen = new ArrayList<>();
        final List<Object[]> watches = new ArrayList<>();

        Line(String host, int port, String name) throws Exception {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            Thread.ofPlatform().daemon().start(this::read);
            send(name);
            await(l -> l.startsWith("* welcome"), 10_000);
        }

        void send(String line) throws Exception {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void sendAll(List<String> lines) throws Exception {
            StringBuilder b = new StringBuilder();
            for (String l : lines) b.append(l).append('\n');
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) {
                    synchronized (this) {
                        seen.add(l);
                        for (Object[] w : watches) {
                            @SuppressWarnings("unchecked") Predicate<String> p = (Predicate<String>) w[0];
                            if (p.test(l)) ((CountDownLatch) w[1]).countDown();
                        }
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }

        CountDownLatch when(Predicate<String> what) {
            CountDownLatch latch = new CountDownLatch(1);
            synchronized (this) {
                if (seen.stream().anyMatch(what)) latch.countDown();
                else watches.add(new Object[] {what, latch});
            }
            return latch;
        }

        boolean await(Predicate<String> what, long millis) throws InterruptedException {
            return when(what).await(millis, TimeUnit.MILLISECONDS);
        }

        synchronized long count(Predicate<String> what) {
            return seen.stream().filter(what).count();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    static double cpuSeconds(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks of 1/100 s
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    static void run(String host, int port, long pid, Path dataDir, int rounds) throws Exception {
        try (Line alice = new Line(host, port, "alice"); Line bob = new Line(host, port, "bob")) {
            for (String query : List.of("zq", "zqx")) {
                List<Double> cpu = new ArrayList<>();
                List<Double> online = new ArrayList<>();
                List<Double> delay = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    // A: 100 search frames on one connection that then closes.
                    String name = "flood" + query + r;
                    double cpu0 = cpuSeconds(pid);
                    Line flood = new Line(host, port, name);
                    CountDownLatch left = alice.when(l -> l.endsWith("* " + name + " left (connection lost)")
                            || l.endsWith("* " + name + " left (quit)"));
                    List<String> frames = new ArrayList<>();
                    for (int i = 0; i < 100; i++) frames.add("/search " + query);
                    flood.sendAll(frames);
                    long closed = System.nanoTime();
                    flood.close();
                    left.await(120, TimeUnit.SECONDS);
                    online.add((System.nanoTime() - closed) / 1e9);
                    cpu.add(cpuSeconds(pid) - cpu0);

                    // B: four connections x 40 search frames, then bob says something; how long until alice sees it.
                    List<Line> four = new ArrayList<>();
                    for (int c = 0; c < 4; c++) four.add(new Line(host, port, "f" + c + query + r));
                    List<String> forty = frames.subList(0, 40);
                    for (Line f : four) f.sendAll(forty);
                    String text = "bystander " + query + " " + r;
                    CountDownLatch seen = alice.when(l -> l.endsWith("bob: " + text));
                    long said = System.nanoTime();
                    bob.send(text);
                    seen.await(120, TimeUnit.SECONDS);
                    delay.add((System.nanoTime() - said) / 1e6);
                    for (Line f : four) f.close();
                    Thread.sleep(2_000); // let the budgets refill between rounds (a bench, not a test)
                }
                System.out.printf("query %-4s 100 searches then close: CPU %.2f s, online %.3f s after close; "
                        + "4 x 40 searches: bystander's message after %.1f ms (medians of %d)%n",
                        "\"" + query + "\"", median(cpu), median(online), median(delay), rounds);
            }
            // Room hopping: 20,000 pipelined joins.
            long logBefore = logBytes(dataDir);
            Line hopper = new Line(host, port, "hopper");
            List<String> joins = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) joins.add("/join #hop" + (i % 500));
            long start = System.nanoTime();
            hopper.sendAll(joins);
            hopper.send("/who");
            hopper.await(l -> l.startsWith("* in #"), 600_000);
            double secs = (System.nanoTime() - start) / 1e9;
            long entered = hopper.count(l -> l.startsWith("* now in"));
            long refused = hopper.count(l -> l.startsWith("! rate-limited"));
            hopper.close();
            System.out.printf("20,000 pipelined joins: %d entered, %d refused in %.2f s (%.0f rooms/s); log grew %d bytes%n",
                    entered, refused, secs, entered / secs, logBytes(dataDir) - logBefore);
        }
    }

    static long logBytes(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("chatroom-.*\\.log")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

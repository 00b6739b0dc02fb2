package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What the bench reads of a server's threads in /proc. */
class ProcStatTest {
    @Test
    void aThreadsCpuTimeIsCountedUnderItsNameLessItsNumber() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Runnable burn = () -> {
            long x = 0;
            while (!stop.get()) x += System.nanoTime() % 7;
            if (x == 42) System.out.print(""); // keeps the loop from being optimised away
        };
        Thread one = Thread.ofPlatform().name("burner-1").start(burn);
        Thread two = Thread.ofPlatform().name("burner-2").start(burn);
        try {
            // /proc counts in ticks of 10 ms: wait until both have used a few.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(ProcStat.threads("self").getOrDefault("burner", 0L)).isGreaterThanOrEqualTo(50_000_000L));
            assertThat(ProcStat.threads("self")).doesNotContainKeys("burner-1", "burner-2");
        } finally {
            stop.set(true);
            one.join();
            two.join();
        }
    }
}

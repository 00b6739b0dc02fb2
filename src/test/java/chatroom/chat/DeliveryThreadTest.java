package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A room's delivery thread: however a publish ends, the next one that is asked for runs. */
class DeliveryThreadTest {
    @Test
    void aPublishThatThrowsDoesNotStopTheRoomsNextDelivery() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        DeliveryThread delivery = new DeliveryThread("#lobby", () -> {
            if (runs.incrementAndGet() == 1) {
                first.countDown();
                throw new IllegalStateException("a publish that failed");
            }
            second.countDown();
        }, () -> false);

        delivery.start();
        assertThat(first.await(5, TimeUnit.SECONDS)).as("the first delivery ran").isTrue();
        // The first thread ends with its exception; a delivery asked for after that must still run.
        assertThat(awaitAfterStarting(delivery, second)).as("a later delivery ran").isTrue();
        assertThat(runs.get()).isEqualTo(2);
    }

    /** Asks again until it runs: the first thread may still be ending when asked. */
    private static boolean awaitAfterStarting(DeliveryThread delivery, CountDownLatch ran) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            delivery.start();
            if (ran.await(50, TimeUnit.MILLISECONDS)) return true;
        }
        return false;
    }
}

package chatroom.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The keep-alive rule on its own, with time given by hand (in nanoseconds). */
class KeepAliveTest {
    private static final long MS = 1_000_000;

    @Test
    void oneSilenceGetsOnePingThenTheTimeout() {
        KeepAlive k = new KeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(90));
        k.heard(0);

        assertThat(k.waitMillis(0)).isEqualTo(30_000);
        assertThat(k.pingDue(29_999 * MS)).isFalse();
        assertThat(k.pingDue(30_000 * MS)).isTrue();
        assertThat(k.pingDue(30_001 * MS)).isFalse(); // once per silence
        assertThat(k.waitMillis(30_000 * MS)).isEqualTo(60_000);
        assertThat(k.timedOut(89_999 * MS)).isFalse();
        assertThat(k.timedOut(90_000 * MS)).isTrue();
    }

    @Test
    void anythingHeardStartsTheSilenceAgain() {
        KeepAlive k = new KeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(90));
        k.heard(0);
        assertThat(k.pingDue(30_000 * MS)).isTrue();

        k.heard(31_000 * MS);

        assertThat(k.timedOut(90_000 * MS)).isFalse();
        assertThat(k.pingDue(60_999 * MS)).isFalse();
        assertThat(k.pingDue(61_000 * MS)).isTrue();
        assertThat(k.timedOut(121_000 * MS)).isTrue();
    }

    @Test
    void theWaitIsNeverZeroWhichWouldMeanForEver() {
        KeepAlive k = new KeepAlive(Duration.ofMillis(100), Duration.ofMillis(500));
        k.heard(0);
        assertThat(k.waitMillis(100 * MS)).isEqualTo(1);
        assertThat(k.waitMillis(99 * MS + 1)).isEqualTo(1);
    }
}

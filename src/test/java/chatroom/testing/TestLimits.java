package chatroom.testing;

import chatroom.chat.Limits;
import java.time.Duration;

/**
 * Limits for tests that need more than the defaults give (SPEC §5: tests that need more
 * raise limits and say so). One place to build them, so that when {@link Limits} gains a
 * field only this class has to learn it: the load tests here
 * want every limit they do not name generous, and no rate limit at all.
 */
public final class TestLimits {
    private TestLimits() {}

    /** The defaults with no rate limit and connection caps far above what a test opens. */
    public static Limits raised() {
        return with(Limits.DEFAULTS.maxLineBytes(), Limits.DEFAULTS.sendQueueBytes());
    }

    /** The defaults with another line limit and outbound queue. */
    public static Limits with(int maxLineBytes, int sendQueueBytes) {
        return with(maxLineBytes, sendQueueBytes, Limits.DEFAULTS.nameTimeout());
    }

    /** The defaults with another line limit, outbound queue and name timeout. */
    public static Limits with(int maxLineBytes, int sendQueueBytes, Duration nameTimeout) {
        // Load tests open many connections from 127.0.0.1 and send as fast as acks allow.
        return Limits.DEFAULTS.withMaxLineBytes(maxLineBytes).withSendQueueBytes(sendQueueBytes).withNameTimeout(nameTimeout)
                .withoutRateLimit().withMaxConnections(100_000, 100_000);
    }

    /** What a test's output says about the limits it raised. */
    public static String describe(Limits limits) {
        return "max-line-bytes " + limits.maxLineBytes() + ", send-queue " + limits.sendQueueBytes()
                + ", name-timeout " + limits.nameTimeout().toSeconds() + " s, no rate limit, connections "
                + limits.maxConnections() + " (" + limits.maxPerAddress() + " per address)";
    }
}

package chatroom.testing;

import chatroom.chat.Limits;
import java.time.Duration;

/**
 * Limits for tests that need more than the defaults give (SPEC §5: tests that need more
 * raise limits and say so). One place to build them, so that when {@link Limits} gains a
 * field (the rate limit is next) only this class has to learn it: the load tests here
 * want every limit they do not name generous, and no rate limit at all.
 */
public final class TestLimits {
    private TestLimits() {}

    /** The defaults with another line limit and outbound queue. */
    public static Limits with(int maxLineBytes, int sendQueueBytes) {
        Limits d = Limits.DEFAULTS;
        return new Limits(maxLineBytes, d.maxText(), d.nameTimeout(), d.plainIdleGap(), sendQueueBytes);
    }

    /** The defaults with another line limit, outbound queue and name timeout. */
    public static Limits with(int maxLineBytes, int sendQueueBytes, Duration nameTimeout) {
        Limits d = Limits.DEFAULTS;
        return new Limits(maxLineBytes, d.maxText(), nameTimeout, d.plainIdleGap(), sendQueueBytes);
    }

    /** What a test's output says about the limits it raised. */
    public static String describe(Limits limits) {
        return "max-line-bytes " + limits.maxLineBytes() + ", send-queue " + limits.sendQueueBytes()
                + ", name-timeout " + limits.nameTimeout().toSeconds() + " s, no rate limit";
    }
}

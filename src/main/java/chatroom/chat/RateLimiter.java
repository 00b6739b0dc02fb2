package chatroom.chat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A token bucket for one connection's messages (SPEC §5): it holds up to {@code burst}
 * tokens and gains {@code rate} a second; each message takes one. A message that finds
 * no token is refused with the time until one will be there, never dropped silently.
 * Time comes from the given source, so tests move it by hand.
 */
public final class RateLimiter {
    private static final double NANOS_PER_SECOND = 1e9;

    private final InstantSource time;
    private final double rate;
    private final double burst;
    private double tokens;
    /** When tokens were last counted, in nanoseconds since the epoch: a long, not an {@link Instant} kept per member. */
    private long last;

    /** @param rate tokens gained per second; 0 means no limit */
    public RateLimiter(InstantSource time, double rate, int burst) {
        this.time = time;
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.last = nanos(time.instant());
    }

    /** Takes a token if there is one: {@link Duration#ZERO} then, else how long until there will be one. */
    public synchronized Duration take() {
        if (rate == 0) return Duration.ZERO;
        long now = nanos(time.instant());
        long elapsed = now - last;
        // A clock set back gives nothing, and time counts again from where it now is.
        if (elapsed > 0) tokens = Math.min(burst, tokens + elapsed * rate / NANOS_PER_SECOND);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        long wait = (long) Math.ceil((1 - tokens) / rate * NANOS_PER_SECOND);
        return Duration.ofNanos(Math.max(1, wait));
    }

    /** Returns a token taken by {@link #take()} for something that was refused elsewhere after all. */
    public synchronized void giveBack() {
        if (rate > 0) tokens = Math.min(burst, tokens + 1);
    }

    /** Whether the bucket has refilled: forgetting it now loses nobody anything. */
    public synchronized boolean full() {
        if (rate == 0) return true;
        long elapsed = nanos(time.instant()) - last;
        return tokens + Math.max(0, elapsed) * rate / NANOS_PER_SECOND >= burst;
    }

    /** Nanoseconds since the epoch (a long holds them until the year 2262). */
    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** "retry in 1.2 s": the wait rounded up to a tenth of a second, so a retry at that time succeeds. */
    public static String retryText(Duration wait) {
        long tenths = (wait.toNanos() + 99_999_999) / 100_000_000;
        return "retry in " + tenths / 10 + "." + tenths % 10 + " s";
    }
}

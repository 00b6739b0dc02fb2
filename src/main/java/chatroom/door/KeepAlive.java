package chatroom.door;

import java.time.Duration;

/**
 * When a quiet member of the structured protocol is pinged and when it is given up on
 * (SPEC §5): a ping after {@code pingAfter} of silence, once per silence, and a timeout
 * after {@code timeoutAfter}. Any frame from the client counts as life. Times are
 * {@link System#nanoTime()} readings, passed in so the rule is testable on its own.
 * Heard on the thread reading the client; checked there (TCP) or on the door's timer (web).
 */
final class KeepAlive {
    private final long pingAfter;
    private final long timeoutAfter;
    private long lastHeard;
    private boolean pinged;

    KeepAlive(Duration pingAfter, Duration timeoutAfter) {
        this.pingAfter = pingAfter.toNanos();
        this.timeoutAfter = timeoutAfter.toNanos();
        this.lastHeard = System.nanoTime();
    }

    /** A frame (or any line, even a bad one) arrived. */
    synchronized void heard(long now) {
        lastHeard = now;
        pinged = false;
    }

    synchronized boolean timedOut(long now) {
        return now - lastHeard >= timeoutAfter;
    }

    /** True once per silence, when it has lasted {@code pingAfter}: send a ping now. */
    synchronized boolean pingDue(long now) {
        if (pinged || now - lastHeard < pingAfter) return false;
        pinged = true;
        return true;
    }

    /** How long to wait for a line before the next ping or the timeout is due (at least 1 ms). */
    synchronized int waitMillis(long now) {
        long due = lastHeard + (pinged ? timeoutAfter : pingAfter);
        long millis = (due - now + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }
}

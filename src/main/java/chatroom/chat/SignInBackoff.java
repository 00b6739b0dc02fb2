package chatroom.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down guessing passwords: after {@value #FREE_FAILURES} wrong passwords within a
 * minute for one account, or from one address, the next try must wait 1 s after the
 * last failure, then 2 s, 4 s, … up to a minute. A try made too early is refused without
 * the password being checked, so spreading guesses over many connections gains nothing.
 */
final class SignInBackoff {
    static final int FREE_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
    /** Beyond this many tracked accounts and addresses, those with no recent failure are forgotten. */
    private static final int TIDY_ABOVE = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    SignInBackoff(Clock clock) {
        this.clock = clock;
    }

    /** How long a try for the account {@code key} from {@code host} must still wait; zero when it may go ahead. */
    synchronized Duration wait(String key, String host) {
        long now = clock.millis();
        long until = Math.max(allowedAt("account " + key, now), allowedAt("host " + host, now));
        return until <= now ? Duration.ZERO : Duration.ofMillis(until - now);
    }

    /** A wrong password for {@code key} from {@code host}. */
    synchronized void failed(String key, String host) {
        long now = clock.millis();
        if (failures.size() > TIDY_ABOVE) failures.values().removeIf(d -> d.isEmpty() || d.peekLast() < now - WINDOW.toMillis());
        failures.computeIfAbsent("account " + key, k -> new ArrayDeque<>()).addLast(now);
        failures.computeIfAbsent("host " + host, k -> new ArrayDeque<>()).addLast(now);
    }

    /** When the next try for {@code who} may be made. */
    private long allowedAt(String who, long now) {
        Deque<Long> times = failures.get(who);
        if (times == null) return now;
        while (!times.isEmpty() && times.peekFirst() < now - WINDOW.toMillis()) times.removeFirst();
        if (times.isEmpty()) {
            failures.remove(who);
            return now;
        }
        int over = times.size() - FREE_FAILURES;
        if (over < 0) return now;
        long wait = Math.min(LONGEST_WAIT.toMillis(), 1000L << Math.min(over, 16));
        return times.peekLast() + wait;
    }
}

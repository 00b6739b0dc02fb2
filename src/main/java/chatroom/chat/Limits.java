package chatroom.chat;

import java.time.Duration;

/**
 * Every limit in one place, each with its default (SPEC §5). Validated once, at start-up.
 *
 * @param maxLineBytes   one protocol line, in bytes, without its newline
 * @param maxText        one message's text, in code points
 * @param nameTimeout    how long a new connection has to send an acceptable name
 * @param plainIdleGap   plain door: a partial line counts as complete after this much quiet
 * @param sendQueueBytes outbound queue per connection; a client further behind is dropped as too slow
 */
public record Limits(int maxLineBytes, int maxText, Duration nameTimeout, Duration plainIdleGap, int sendQueueBytes) {

    public static final Limits DEFAULTS =
            new Limits(32 * 1024, 4096, Duration.ofSeconds(10), Duration.ofMillis(200), 1024 * 1024);

    public Limits {
        if (maxLineBytes < 256) throw new IllegalArgumentException("--max-line-bytes must be at least 256");
        if (maxText < 1) throw new IllegalArgumentException("--max-text must be at least 1");
        if (nameTimeout.isNegative() || nameTimeout.isZero()) throw new IllegalArgumentException("--name-timeout must be positive");
        if (plainIdleGap.toMillis() < 1) throw new IllegalArgumentException("--plain-idle-gap must be at least 1 ms");
        if (sendQueueBytes < 4096) throw new IllegalArgumentException("--send-queue must be at least 4096 bytes");
    }
}

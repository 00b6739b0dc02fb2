package chatroom.chat;

import java.time.Duration;

/**
 * Every limit in one place, each with its default (SPEC §5). Validated once, at start-up:
 * a value that makes no sense is refused with a message that names its flag. Tests
 * start from {@link #DEFAULTS} and change what they need with the {@code with…} methods.
 *
 * @param maxLineBytes         one protocol line, in bytes, without its newline (default 32 KiB)
 * @param maxText              one message's text, in code points (default 4,096)
 * @param nameTimeout          how long a new connection has to send an acceptable name (default 10 s)
 * @param passwordTimeout      how long a registered name's password may take, from each time it is asked for (default 60 s): a person types it
 * @param plainIdleGap         plain door: a partial line counts as complete after this much quiet (default 200 ms)
 * @param sendQueueBytes       outbound queue per connection; a client further behind is dropped as too slow (default 1 MiB)
 * @param rate                 room and private messages per second per connection, sustained; 0 means no limit (default 10)
 * @param burst                messages a connection may send at once after being quiet (default 20)
 * @param maxConnections       connections open at once, joined or not (default 10,000)
 * @param maxPerAddress        connections open at once from one remote address (default 100)
 * @param pingAfter            structured protocol: silence from a member before the server pings (default 30 s)
 * @param timeoutAfter         structured protocol: silence from a member before it is dropped as timed out (default 90 s)
 * @param tcpKeepAliveIdle     TCP keep-alive: idle time before the first probe (default 60 s; whole seconds)
 * @param tcpKeepAliveInterval TCP keep-alive: time between probes (default 10 s; whole seconds)
 * @param tcpKeepAliveCount    TCP keep-alive: unanswered probes before the connection counts as lost (default 6)
 * @param announceUpTo         joins and leaves are broadcast only in rooms of at most this many members (default 500)
 * @param offlineQueue         private messages kept for one offline account until it signs in (default 100; 0 keeps none)
 */
public record Limits(
        int maxLineBytes,
        int maxText,
        Duration nameTimeout,
        Duration passwordTimeout,
        Duration plainIdleGap,
        int sendQueueBytes,
        double rate,
        int burst,
        int maxConnections,
        int maxPerAddress,
        Duration pingAfter,
        Duration timeoutAfter,
        Duration tcpKeepAliveIdle,
        Duration tcpKeepAliveInterval,
        int tcpKeepAliveCount,
        int announceUpTo,
        int offlineQueue) {

    /** Linux caps TCP_KEEPIDLE and TCP_KEEPINTVL at this many seconds. */
    static final int MAX_KEEPALIVE_SECONDS = 32_767;
    /** Linux caps TCP_KEEPCNT at this many probes. */
    static final int MAX_KEEPALIVE_PROBES = 127;

    /** The defaults of SPEC §5: what {@link Builder} starts from. */
    public static final Limits DEFAULTS = new Builder().build();

    public Limits {
        if (maxLineBytes < 256) throw new IllegalArgumentException("--max-line-bytes must be at least 256");
        if (maxText < 1) throw new IllegalArgumentException("--max-text must be at least 1");
        if (nameTimeout.isNegative() || nameTimeout.isZero()) throw new IllegalArgumentException("--name-timeout must be positive");
        if (passwordTimeout.isNegative() || passwordTimeout.isZero()) throw new IllegalArgumentException("--password-timeout must be positive");
        if (plainIdleGap.toMillis() < 1) throw new IllegalArgumentException("--plain-idle-gap must be at least 1 ms");
        if (sendQueueBytes < 4096) throw new IllegalArgumentException("--send-queue must be at least 4096 bytes");
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a number of messages per second, 0 or more (0 means no limit)");
        }
        if (burst < 1) throw new IllegalArgumentException("--burst must be at least 1");
        if (maxConnections < 1) throw new IllegalArgumentException("--max-connections must be at least 1");
        if (maxPerAddress < 1) throw new IllegalArgumentException("--max-per-address must be at least 1");
        if (pingAfter.toMillis() < 1) throw new IllegalArgumentException("--ping-after must be at least 1 ms");
        if (timeoutAfter.compareTo(pingAfter) <= 0) {
            throw new IllegalArgumentException("--timeout-after must be longer than --ping-after, so a member can answer the ping");
        }
        wholeSeconds("--tcp-keepalive-idle", tcpKeepAliveIdle);
        wholeSeconds("--tcp-keepalive-interval", tcpKeepAliveInterval);
        if (tcpKeepAliveCount < 1 || tcpKeepAliveCount > MAX_KEEPALIVE_PROBES) {
            throw new IllegalArgumentException("--tcp-keepalive-count must be from 1 to " + MAX_KEEPALIVE_PROBES);
        }
        if (announceUpTo < 0) throw new IllegalArgumentException("--announce-up-to must be 0 or more (0 announces nothing)");
        if (offlineQueue < 0) throw new IllegalArgumentException("--offline-queue must be 0 or more (0 keeps none)");
    }

    private static void wholeSeconds(String flag, Duration d) {
        if (d.getNano() != 0 || d.getSeconds() < 1 || d.getSeconds() > MAX_KEEPALIVE_SECONDS) {
            throw new IllegalArgumentException(flag + " must be whole seconds, from 1 to " + MAX_KEEPALIVE_SECONDS);
        }
    }

    /** Whether messages are rate-limited at all. */
    public boolean rateLimited() {
        return rate > 0;
    }

    // ---- copies with one limit (or one pair) changed ----

    public Limits withMaxLineBytes(int value) {
        return toBuilder().maxLineBytes(value).build();
    }

    public Limits withMaxText(int value) {
        return toBuilder().maxText(value).build();
    }

    public Limits withNameTimeout(Duration value) {
        return toBuilder().nameTimeout(value).build();
    }

    public Limits withPlainIdleGap(Duration value) {
        return toBuilder().plainIdleGap(value).build();
    }

    public Limits withSendQueueBytes(int value) {
        return toBuilder().sendQueueBytes(value).build();
    }

    /** Messages per second sustained and the burst allowed; a rate of 0 means no limit. */
    public Limits withRate(double perSecond, int burstOf) {
        return toBuilder().rate(perSecond).burst(burstOf).build();
    }

    /** For tests and benchmarks that send faster than a person could; they should say so. */
    public Limits withoutRateLimit() {
        return withRate(0, burst);
    }

    public Limits withMaxConnections(int total, int perAddress) {
        return toBuilder().maxConnections(total).maxPerAddress(perAddress).build();
    }

    /** Silence before a ping, and before a member is dropped as timed out. */
    public Limits withKeepAlive(Duration ping, Duration timeout) {
        return toBuilder().pingAfter(ping).timeoutAfter(timeout).build();
    }

    public Limits withTcpKeepAlive(Duration idle, Duration interval, int count) {
        return toBuilder().tcpKeepAliveIdle(idle).tcpKeepAliveInterval(interval).tcpKeepAliveCount(count).build();
    }

    public Limits withAnnounceUpTo(int members) {
        return toBuilder().announceUpTo(members).build();
    }

    /** A builder holding these limits, to change several at once. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A duration as people read it in an error: "90 s", "1.5 s", "250 ms". */
    public static String brief(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) return millis + " ms";
        if (millis % 1000 == 0) return millis / 1000 + " s";
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * Limits to be: starts from the defaults (or from given limits), changes what it is told,
     * and checks them all at {@link #build}. The defaults are written here, once.
     */
    public static final class Builder {
        private int maxLineBytes = 32 * 1024;
        private int maxText = 4096;
        private Duration nameTimeout = Duration.ofSeconds(10);
        private Duration passwordTimeout = Duration.ofSeconds(60);
        private Duration plainIdleGap = Duration.ofMillis(200);
        private int sendQueueBytes = 1024 * 1024;
        private double rate = 10;
        private int burst = 20;
        private int maxConnections = 10_000;
        private int maxPerAddress = 100;
        private Duration pingAfter = Duration.ofSeconds(30);
        private Duration timeoutAfter = Duration.ofSeconds(90);
        private Duration tcpKeepAliveIdle = Duration.ofSeconds(60);
        private Duration tcpKeepAliveInterval = Duration.ofSeconds(10);
        private int tcpKeepAliveCount = 6;
        private int announceUpTo = 500;
        private int offlineQueue = 100;

        public Builder() {}

        private Builder(Limits from) {
            maxLineBytes = from.maxLineBytes;
            maxText = from.maxText;
            nameTimeout = from.nameTimeout;
            passwordTimeout = from.passwordTimeout;
            plainIdleGap = from.plainIdleGap;
            sendQueueBytes = from.sendQueueBytes;
            rate = from.rate;
            burst = from.burst;
            maxConnections = from.maxConnections;
            maxPerAddress = from.maxPerAddress;
            pingAfter = from.pingAfter;
            timeoutAfter = from.timeoutAfter;
            tcpKeepAliveIdle = from.tcpKeepAliveIdle;
            tcpKeepAliveInterval = from.tcpKeepAliveInterval;
            tcpKeepAliveCount = from.tcpKeepAliveCount;
            announceUpTo = from.announceUpTo;
            offlineQueue = from.offlineQueue;
        }

        public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
        public Builder maxText(int v) { maxText = v; return this; }
        public Builder nameTimeout(Duration v) { nameTimeout = v; return this; }
        public Builder passwordTimeout(Duration v) { passwordTimeout = v; return this; }
        public Builder plainIdleGap(Duration v) { plainIdleGap = v; return this; }
        public Builder sendQueueBytes(int v) { sendQueueBytes = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder burst(int v) { burst = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxPerAddress(int v) { maxPerAddress = v; return this; }
        public Builder pingAfter(Duration v) { pingAfter = v; return this; }
        public Builder timeoutAfter(Duration v) { timeoutAfter = v; return this; }
        public Builder tcpKeepAliveIdle(Duration v) { tcpKeepAliveIdle = v; return this; }
        public Builder tcpKeepAliveInterval(Duration v) { tcpKeepAliveInterval = v; return this; }
        public Builder tcpKeepAliveCount(int v) { tcpKeepAliveCount = v; return this; }
        public Builder announceUpTo(int v) { announceUpTo = v; return this; }
        public Builder offlineQueue(int v) { offlineQueue = v; return this; }

        /** The limits; throws IllegalArgumentException, naming the flag, for nonsense. */
        public Limits build() {
            return new Limits(maxLineBytes, maxText, nameTimeout, passwordTimeout, plainIdleGap, sendQueueBytes, rate, burst, maxConnections,
                    maxPerAddress, pingAfter, timeoutAfter, tcpKeepAliveIdle, tcpKeepAliveInterval, tcpKeepAliveCount,
                    announceUpTo, offlineQueue);
        }
    }
}

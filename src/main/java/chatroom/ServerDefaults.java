package chatroom;

import chatroom.chat.Limits;
import chatroom.chat.RoomLimits;
import chatroom.cli.DurationOption;
import java.math.BigDecimal;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The server's limit flags' defaults, read from {@link Limits#DEFAULTS} and
 * {@link RoomLimits#DEFAULTS}: written once there, shown in {@code --help} and used when a
 * flag is not given. Flags not listed keep their annotation's default.
 */
final class ServerDefaults implements IDefaultValueProvider {
    private static final Limits L = Limits.DEFAULTS;
    private static final RoomLimits R = RoomLimits.DEFAULTS;

    private static final Map<String, String> BY_FLAG = Map.ofEntries(
            Map.entry("--max-line-bytes", number(L.maxLineBytes())),
            Map.entry("--max-text", number(L.maxText())),
            Map.entry("--name-timeout", number(L.nameTimeout().toSeconds())),
            Map.entry("--password-timeout", DurationOption.format(L.passwordTimeout())),
            Map.entry("--plain-idle-gap", number(L.plainIdleGap().toMillis())),
            Map.entry("--send-queue", number(L.sendQueueBytes())),
            Map.entry("--rate", number(L.rate())),
            Map.entry("--burst", number(L.burst())),
            Map.entry("--max-connections", number(L.maxConnections())),
            Map.entry("--max-per-address", number(L.maxPerAddress())),
            Map.entry("--ping-after", DurationOption.format(L.pingAfter())),
            Map.entry("--timeout-after", DurationOption.format(L.timeoutAfter())),
            Map.entry("--tcp-keepalive-idle", DurationOption.format(L.tcpKeepAliveIdle())),
            Map.entry("--tcp-keepalive-interval", DurationOption.format(L.tcpKeepAliveInterval())),
            Map.entry("--tcp-keepalive-count", number(L.tcpKeepAliveCount())),
            Map.entry("--announce-up-to", number(L.announceUpTo())),
            Map.entry("--offline-queue", number(L.offlineQueue())),
            Map.entry("--max-rooms", number(R.maxRooms())),
            Map.entry("--max-rooms-per-person", number(R.maxRoomsPerPerson())),
            Map.entry("--history-on-join", number(R.replayOnJoin())),
            Map.entry("--heavy-rate", number(R.heavyRate())),
            Map.entry("--heavy-burst", number(R.heavyBurst())),
            Map.entry("--heavy-rate-per-address", number(R.addressHeavyRate())),
            Map.entry("--heavy-burst-per-address", number(R.addressHeavyBurst())),
            Map.entry("--search-scan", number(R.searchScan())));

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option ? BY_FLAG.get(option.longestName()) : null;
    }

    /** Whether {@code flag}'s default comes from here. */
    static boolean covers(String flag) {
        return BY_FLAG.containsKey(flag);
    }

    /** 10, not 10.0: as a person would type it. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

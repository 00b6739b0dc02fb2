package chatroom.irc;

import chatroom.chat.Event;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Outgoing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * How room events read on IRC, the same for every connection of a port, so a broadcast is
 * encoded once per variant: with the {@code time} tag (server-time) or without.
 */
final class IrcFormat {
    /** The memo keys of {@link Outgoing#encoded}: one per variant. */
    private final Object untimed = new Object();
    private final Object timed = new Object();
    private final DateTimeFormatter clock;

    IrcFormat(ZoneId zone) {
        this.clock = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
    }

    /** A user as a message's source: {@code nick!chat@chatroom} (addresses are nobody's business). */
    static String source(String nick) {
        return nick + "!chat@" + IrcDialect.SERVER;
    }

    /** server-time's value: UTC with milliseconds. */
    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The time in front of a replayed message for a client without server-time. */
    String clock(Instant instant) {
        return "[" + clock.format(instant) + "] ";
    }

    /** A room event every member reads alike (a message, a join, a leave of someone else). */
    byte[] broadcast(Outgoing outgoing, boolean withTime) {
        return outgoing.encoded(withTime ? timed : untimed, event -> bytes(lines(event, withTime)));
    }

    private String lines(Event event, boolean timeTag) {
        return switch (event) {
            case RoomMessage m -> privmsg(tags(timeTag, m.time()), m.from(), m.room(), m.text(), "");
            case Joined j -> IrcMessage.line(tags(timeTag, j.time()), source(j.name()), "JOIN", j.room());
            case Left l -> Channels.partOnly(l.reason())
                    ? IrcMessage.line(tags(timeTag, l.time()), source(l.name()), "PART", l.room(), l.why())
                    : IrcMessage.line(tags(timeTag, l.time()), source(l.name()), "QUIT", l.why());
            default -> throw new IllegalArgumentException("not a broadcast: " + event);
        };
    }

    private static Map<String, String> tags(boolean withTime, Instant time) {
        return withTime ? Map.of("time", time(time)) : Map.of();
    }

    /**
     * A chat message as PRIVMSG lines from {@code from} to {@code target}, each within 512
     * bytes (tags apart), {@code prefix} in front of each line's text (a time, in a replay).
     */
    static String privmsg(Map<String, String> tags, String from, String target, String text, String prefix) {
        String head = ":" + source(from) + " PRIVMSG " + target + " :";
        int room = MAX_LINE - IrcText.bytes(head) - 2 - IrcText.bytes(prefix);
        List<String> parts = IrcText.toIrc(text, from, Math.max(room, 16));
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            String body = part.charAt(0) == IrcText.CTCP ? part : prefix + part;
            out.append(IrcMessage.line(tags, source(from), "PRIVMSG", target, body));
        }
        return out.toString();
    }

    /** IRC's line, CR LF included, tags apart (RFC 1459 §2.3). */
    static final int MAX_LINE = 512;

    static byte[] bytes(String lines) {
        return lines.getBytes(StandardCharsets.UTF_8);
    }
}

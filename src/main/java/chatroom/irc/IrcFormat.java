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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How room events read on IRC, the same for every connection of a port, so a broadcast is
 * encoded once per variant: with the {@code time} tag (server-time) or without, with a
 * message's number as its {@code msgid} tag (message-tags) or without, a message of several
 * lines as one {@code draft/multiline} batch or as several PRIVMSGs.
 */
final class IrcFormat {
    /** What a client has negotiated that changes how a room event reads. */
    record Variant(boolean time, boolean msgid, boolean multiline) {
        int index() {
            return (time ? 1 : 0) | (msgid ? 2 : 0) | (multiline ? 4 : 0);
        }
    }

    /** The memo keys of {@link Outgoing#encoded}: one per variant. */
    private final Object[] keys = {new Object(), new Object(), new Object(), new Object(), new Object(), new Object(),
            new Object(), new Object()};
    private final DateTimeFormatter clock;

    IrcFormat(ZoneId zone) {
        this.clock = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
    }

    /** A user as a message's source: {@code nick!chat@chatroom} (addresses are nobody's business). */
    static String source(String nick) {
        return nick + "!chat@" + IrcDialect.SERVER;
    }

    /** server-time's form, YYYY-MM-DDThh:mm:ss.sssZ: the milliseconds always written, as the spec wants them. */
    private static final DateTimeFormatter SERVER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /** server-time's value: UTC with milliseconds. */
    static String time(Instant instant) {
        return SERVER_TIME.format(instant);
    }

    /** The time in front of a replayed message for a client without server-time. */
    String clock(Instant instant) {
        return "[" + clock.format(instant) + "] ";
    }

    /** A room event every member reads alike (a message, a join, a leave of someone else). */
    byte[] broadcast(Outgoing outgoing, Variant variant) {
        // Only a message reads differently with a msgid or multiline: the rest shares the time variants' encodings.
        Variant v = outgoing.event() instanceof RoomMessage ? variant : new Variant(variant.time(), false, false);
        return outgoing.encoded(keys[v.index()], event -> bytes(lines(event, v)));
    }

    private String lines(Event event, Variant v) {
        return switch (event) {
            case RoomMessage m -> message(tags(v.time(), m.time(), v.msgid() ? msgid(m.room(), m.seq()) : null), m.from(), m.room(), m.text(), v.multiline(),
                    "m" + m.seq());
            case Joined j -> IrcMessage.line(tags(v.time(), j.time(), null), source(j.name()), "JOIN", j.room());
            case Left l -> Channels.partOnly(l.reason())
                    ? IrcMessage.line(tags(v.time(), l.time(), null), source(l.name()), "PART", l.room(), l.why())
                    : IrcMessage.line(tags(v.time(), l.time(), null), source(l.name()), "QUIT", l.why());
            default -> throw new IllegalArgumentException("not a broadcast: " + event);
        };
    }

    private static Map<String, String> tags(boolean withTime, Instant time, String msgid) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (msgid != null) tags.put("msgid", msgid);
        if (withTime) tags.put("time", time(time));
        return tags;
    }

    /**
     * A chat message from {@code from} to {@code target}: one {@code draft/multiline} batch
     * (reference {@code batch}) when {@code multiline} and it takes more than one line, the
     * tags on the batch; otherwise {@link #privmsg} lines.
     */
    static String message(Map<String, String> tags, String from, String target, String text, boolean multiline, String batch) {
        String head = ":" + source(from) + " PRIVMSG " + target + " :";
        List<IrcText.Piece> pieces = IrcText.pieces(text, from, Math.max(MAX_LINE - IrcText.bytes(head) - 2, 16));
        if (!multiline || pieces.size() < 2 || pieces.getFirst().text().indexOf(IrcText.CTCP) == 0) {
            return privmsg(tags, from, target, text, "");
        }
        StringBuilder out = new StringBuilder(IrcMessage.line(tags, source(from), "BATCH", "+" + batch, "draft/multiline", target));
        Map<String, String> in = Map.of("batch", batch);
        Map<String, String> concat = IrcMessage.tags("batch", batch, "draft/multiline-concat", "");
        for (IrcText.Piece p : pieces) out.append(IrcMessage.line(p.concat() ? concat : in, source(from), "PRIVMSG", target, p.text()));
        return out.append(IrcMessage.line(Map.of(), null, "BATCH", "-" + batch)).toString();
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
        Map<String, String> lineTags = tags;
        for (String part : parts) {
            String body = part.charAt(0) == IrcText.CTCP ? part : prefix + part;
            out.append(IrcMessage.line(lineTags, source(from), "PRIVMSG", target, body));
            if (lineTags.containsKey("msgid")) { // a msgid names the message: on its first line only (draft/multiline's fallback)
                lineTags = new LinkedHashMap<>(tags);
                lineTags.remove("msgid");
            }
        }
        return out.toString();
    }

    /**
     * A room message's msgid: the room's name without its {@code #}, a colon, and the message's
     * number there ({@code lobby:42}). IRCv3's message-ids asks for ids unique on the network;
     * the number alone is unique in its room only, and a room name never holds a colon.
     */
    static String msgid(String room, long seq) {
        return room.substring(1) + ":" + seq;
    }

    /** IRC's line, CR LF included, tags apart (RFC 1459 §2.3). */
    static final int MAX_LINE = 512;

    static byte[] bytes(String lines) {
        return lines.getBytes(StandardCharsets.UTF_8);
    }
}

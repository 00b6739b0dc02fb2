package chatroom.protocol;

import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.text.Sanitize;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The plain door's lines (SPEC §4 "Plain door"): what {@code nc} users read, and what the
 * Chatter prints when it is not on a terminal. {@code !} lines are errors, {@code *} lines
 * notices. Text from people is sanitised, and each continuation line of a multi-line
 * message is marked with {@value #CONTINUATION} so it can never pass for a message.
 */
public final class PlainFormat {
    public static final String CONTINUATION = "  | ";
    public static final String PROMPT = "* chatroom: type your name and press Enter";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    public PlainFormat(ZoneId zone) {
        this.zone = zone;
    }

    /** The event as zero or more lines, each ending in a newline, as one in its room sees it. */
    public String render(Event event) {
        return switch (event) {
            case RoomMessage m -> time(m.time()) + " " + name(m.from()) + ": " + body(m.text());
            case PrivateMessage m -> time(m.time()) + (m.waited() ? " [private, " + WAITED + "] " : " [private] ") + name(m.from()) + " -> " + list(m.to()) + ": "
                    + body(m.text());
            case Joined j -> time(j.time()) + " * " + name(j.name()) + " joined\n";
            case Left l -> time(l.time()) + " * " + name(l.name()) + " left (" + l.why() + ")\n";
            case YourRooms r -> "* you talk in " + r.current() + "; your rooms (" + r.rooms().size() + "): "
                    + list(r.rooms()) + "\n";
            case RoomEntered r -> "* now in " + r.room() + " (" + r.count() + ")"
                    + crowd(r.members(), r.partial(), WHO_LISTS_EVERYONE_HERE);
            case RoomList r -> "* rooms (" + r.rooms().size() + "): " + Sanitize.forTerminal(String.join(", ",
                    r.rooms().stream().map(i -> i.name() + " (" + i.members() + ")").toList())) + "\n";
            case History h -> past(heading(h), h.messages(), false, h.messages().isEmpty() ? "" : END_OF_HISTORY);
            case Found f -> past(heading(f), f.messages(), true, f.messages().isEmpty() ? "" : "end of search")
                    + (f.stoppedAfter() > 0 ? notice(stopped(f)) : "");
            case Welcome w -> "* welcome " + name(w.name()) + ", " + w.count() + " online"
                    + crowd(w.online(), w.partial(), WHO_ALL_LISTS_EVERYONE);
            case WhoList w -> (w.room() == null ? "* online (" : "* in " + w.room() + " (") + w.names().size() + "): "
                    + list(withRoles(w)) + "\n";
            case Accepted a -> "";
            case AwayChanged a -> ""; // /who shows who is away; a line each time would be noise
            case Ping p -> ""; // keep-alive frames belong to the structured protocol; nothing to show
            case Pong p -> "";
            case Refused r -> error(r.code().wire(), r.text());
            case Closing c -> error(c.code().wire(), c.text());
            case Notice n -> notice(n.text());
        };
    }

    /**
     * The event as one sees it whose current room is {@code current}: an event of another of
     * their rooms has that room after its time ({@code 14:03:05 #games bob: hi}), as a search
     * shows it; everything else as {@link #render(Event)}.
     */
    public String render(Event event, String current) {
        String room = roomOf(event);
        if (room == null || room.equals(current)) return render(event);
        String where = time(timeOf(event)) + " " + Sanitize.forTerminal(room) + " ";
        return switch (event) {
            case RoomMessage m -> where + name(m.from()) + ": " + body(m.text());
            case Joined j -> where + "* " + name(j.name()) + " joined\n";
            case Left l -> where + "* " + name(l.name()) + " left (" + l.why() + ")\n";
            default -> render(event);
        };
    }

    /** As {@link #render(Event, String)}, in UTF-8 bytes. */
    public byte[] renderBytes(Event event, String current) {
        return render(event, current).getBytes(StandardCharsets.UTF_8);
    }

    /** The room of a room's live event (a message, a join, a leave), or null for anything else. */
    public static String roomOf(Event event) {
        return switch (event) {
            case RoomMessage m -> m.room();
            case Joined j -> j.room();
            case Left l -> l.room();
            default -> null;
        };
    }

    private static Instant timeOf(Event event) {
        return switch (event) {
            case RoomMessage m -> m.time();
            case Joined j -> j.time();
            case Left l -> l.time();
            default -> throw new IllegalArgumentException("no room event: " + event);
        };
    }

    /**
     * The key under which an {@code Outgoing}'s lines for someone in another room (with the
     * room shown) are kept beside the plain lines: the same for everyone who shows it so.
     */
    public Object elsewhere() {
        return elsewhere;
    }

    private final Object elsewhere = new Object();

    public static final String END_OF_HISTORY = "end of history";

    /** How a private message that waited for its recipient's account is marked (its time is when it was sent). */
    public static final String WAITED = "sent while you were away";

    public static final String WHO_ALL_LISTS_EVERYONE = "/who all lists everyone";
    public static final String WHO_LISTS_EVERYONE_HERE = "/who lists everyone here";

    /**
     * The end of a welcome's or a room entry's line: {@code : alice, bob, carol} when it names
     * everyone; in a crowd, where it names only the first few, {@code , the first 500:
     * aaron, … (/who all lists everyone)} ({@code howToSeeAll} in the brackets).
     */
    private String crowd(List<String> names, boolean partial, String howToSeeAll) {
        if (!partial) return ": " + list(names) + "\n";
        String first = names.isEmpty() ? "" : ", the first " + names.size() + ": " + list(names);
        return first + " (" + howToSeeAll + ")\n";
    }

    public static String heading(History h) {
        int n = h.messages().size();
        if (n == 0) return "no earlier messages in " + h.room();
        return "history of " + h.room() + ": " + n + " earlier message" + (n == 1 ? "" : "s")
                + (h.more() ? " (/history for more)" : "");
    }

    public static String heading(Found f) {
        int n = f.messages().size();
        if (n == 0) return "nothing found for \"" + f.query() + "\"";
        return n + " found for \"" + f.query() + "\"" + (f.more() ? " (the newest; older ones not shown)" : "");
    }

    /** Why a search may have missed older matches: it looked at as many messages as one search may. */
    public static String stopped(Found f) {
        return "search stopped after " + f.stoppedAfter() + " messages; older ones were not searched";
    }

    /**
     * Past messages between a heading and a closing line, so they cannot be taken for
     * live ones; each as it was shown live, with its room when {@code withRoom}.
     */
    private String past(String heading, List<Event> messages, boolean withRoom, String closing) {
        StringBuilder out = new StringBuilder(notice(heading));
        for (Event m : messages) {
            out.append(withRoom ? render(m, null) : render(m));
        }
        if (!closing.isEmpty()) out.append(notice(closing));
        return out.toString();
    }

    /** {@link #render} as UTF-8 bytes, ready for the socket. */
    public byte[] renderBytes(Event event) {
        return render(event).getBytes(StandardCharsets.UTF_8);
    }

    public static String error(String code, String text) {
        return "! " + code + ": " + body(text);
    }

    /** A notice, one {@code *} line per line of text. */
    public static String notice(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) out.append("* ").append(Sanitize.forTerminal(line)).append('\n');
        return out.toString();
    }

    public String time(Instant instant) {
        return TIME.format(instant.atZone(zone));
    }

    /** Each name, followed by its role when it is not a plain member's: "alice (admin), bob (guest), carol". */
    private static List<String> withRoles(WhoList w) {
        if (w.roles().isEmpty()) return w.names();
        return w.names().stream().map(n -> w.roles().containsKey(n) ? n + " (" + w.roles().get(n).wire() + ")" : n).toList();
    }

    private static String list(List<String> names) {
        return Sanitize.forTerminal(String.join(", ", names));
    }

    /** Names come from the server: this server allows no control characters in them, another might. */
    private static String name(String name) {
        return Sanitize.forTerminal(name);
    }

    /** The text, sanitised, continuation lines marked, ending in a newline. */
    private static String body(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int start = 0;
        while (true) {
            int end = lineEnd(text, start);
            if (start > 0) out.append(CONTINUATION);
            out.append(Sanitize.forTerminal(text.substring(start, end))).append('\n');
            if (end == text.length()) return out.toString();
            start = end + (text.startsWith("\r\n", end) ? 2 : 1);
        }
    }

    /** Where the line from {@code start} ends: at its \n, \r or \r\n, or the end of the text (no regex: a message's hot path). */
    private static int lineEnd(String text, int start) {
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') return i;
        }
        return text.length();
    }
}

package chatroom.irc;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.chat.Names;
import chatroom.chat.Outgoing;
import chatroom.chat.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chat's events as one IRC client reads them. Room events that everyone reads alike
 * come from the port's {@link IrcFormat}, encoded once; the rest is this connection's:
 * numerics name the client, a private message names who it went to, an answer's form
 * depends on the request id ({@code replyTo}) {@link IrcCommands} gave it ("NAMES",
 * "WHOIS bob", "PRIVMSG #games"). Runs on the connection's writer thread only.
 */
final class IrcReplies {
    private static final byte[] NOTHING = new byte[0];

    private final IrcClient client;
    private final IrcFormat format;
    private final String version;
    private final List<String> isupport;
    private int batches;

    IrcReplies(IrcClient client, IrcFormat format, String version, List<String> isupport) {
        this.client = client;
        this.format = format;
        this.version = version;
        this.isupport = isupport;
    }

    /**
     * A room's replay on entering it, held until its NAMES are written: modern clients (and
     * ergo) expect JOIN, then the names, then the history batch. Writer's own.
     */
    private final Map<String, String> heldReplays = new java.util.LinkedHashMap<>();

    byte[] encode(Outgoing outgoing) {
        Event event = outgoing.event();
        if (event instanceof History h && !asked(h)) {
            // draft/chathistory: the client asks for history itself, so none is played back unasked (the spec's SHOULD).
            if (client.has(Caps.CHATHISTORY)) return NOTHING;
            if (client.channels.namesDue(h.room())) {
                heldReplays.merge(h.room(), history(h), String::concat);
                return NOTHING;
            }
        }
        if (heldReplays.isEmpty()) return encodeNow(outgoing);
        String replay = "";
        if (event instanceof WhoList w && "NAMES".equals(w.replyTo()) && w.room() != null) {
            replay = heldReplays.remove(w.room()); // after this room's names
            client.channels.namesShown(w.room());
            if (replay == null) replay = "";
        } else {
            // Anything else first: what was held goes out before it, so nothing of the room comes before its past.
            replay = String.join("", heldReplays.values());
            heldReplays.clear();
            return join(IrcFormat.bytes(replay), encodeNow(outgoing));
        }
        return join(encodeNow(outgoing), IrcFormat.bytes(replay));
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static boolean asked(History h) {
        return h.replyTo() != null && h.replyTo().startsWith("CHATHISTORY ");
    }

    private byte[] encodeNow(Outgoing outgoing) {
        Event event = outgoing.event();
        if (event instanceof WhoList w && "NAMES".equals(w.replyTo()) && w.room() != null) client.channels.namesShown(w.room());
        IrcFormat.Variant timed = new IrcFormat.Variant(client.has(Caps.SERVER_TIME), client.has(Caps.MESSAGE_TAGS), multiline());
        return switch (event) {
            case RoomMessage m -> own(m.from()) && !client.has(Caps.ECHO_MESSAGE) ? NOTHING : format.broadcast(outgoing, timed);
            case Joined j -> {
                client.channels.joined(j.name());
                yield format.broadcast(outgoing, timed);
            }
            case Left l when own(l.name()) -> IrcFormat.bytes(ownLeave(l));
            // Leaving the chat from several rooms this client shares with them: one QUIT.
            case Left l when !Channels.partOnly(l.reason()) && !client.channels.firstQuit(l.name()) -> NOTHING;
            case Left l -> format.broadcast(outgoing, timed);
            default -> IrcFormat.bytes(lines(event));
        };
    }

    /** draft/multiline is used with batch, on which it depends. */
    private boolean multiline() {
        return client.has(Caps.MULTILINE) && client.has(Caps.BATCH);
    }

    private boolean own(String name) {
        return name.equals(client.nick());
    }

    private String lines(Event event) {
        String me = client.nick();
        return switch (event) {
            case Notice n when n.replyTo() == IrcDoor.LINES -> n.text();
            case Notice n when "AWAY".equals(n.replyTo()) -> n.text().startsWith("you are back")
                    ? Numerics.line(me, Numerics.RPL_UNAWAY, "You are no longer marked as being away")
                    : Numerics.line(me, Numerics.RPL_NOWAWAY, "You have been marked as being away");
            case Notice n -> Numerics.notice(me, n.text());
            case Welcome w -> welcome(w);
            case RoomEntered r -> entered(r.room(), r.replyTo());
            case YourRooms y -> ""; // shown by JOIN and PART
            case WhoList w -> whoList(w);
            case RoomList r -> list(r);
            case History h -> history(h);
            case Found f -> found(f);
            case PrivateMessage p -> privateMessage(p);
            case Refused r -> refused(r);
            case Closing c -> closing(c.code().wire() + ": " + c.text());
            case AwayChanged a -> !client.has(Caps.AWAY_NOTIFY) ? ""
                    : a.message() == null ? IrcMessage.line(Map.of(), IrcFormat.source(a.name()), "AWAY")
                    : IrcMessage.line(Map.of(), IrcFormat.source(a.name()), "AWAY", a.message());
            case Ping p -> IrcMessage.line(Map.of(), null, "PING", IrcDialect.SERVER);
            case Pong p -> IrcMessage.line(Map.of(), IrcDialect.SERVER, "PONG", IrcDialect.SERVER, p.replyTo() == null ? "" : p.replyTo());
            case Accepted a -> "";
            case RoomMessage m -> IrcFormat.privmsg(Map.of(), m.from(), m.room(), m.text(), "");
            case Joined j -> "";
            case Left l -> "";
        };
    }

    /** One's own leave: a quit closes the link (IRC's ERROR, once for all rooms); a part of one room is its PART. */
    private String ownLeave(Left l) {
        if (l.reason() == chatroom.chat.LeaveReason.QUIT) {
            return client.channels.firstQuit(l.name()) ? closing("Closing link: " + l.why()) : "";
        }
        if (!client.channels.left(l.room())) return "";
        return IrcMessage.line(Map.of(), IrcFormat.source(l.name()), "PART", l.room(), l.why());
    }

    private static String closing(String text) {
        return IrcMessage.line(Map.of(), null, "ERROR", text);
    }

    // ---- registration and rooms ----

    /** 001 to 005, the MOTD, and the JOIN of the room the connection starts in (its names follow, asked for by the reader). */
    private String welcome(Welcome w) {
        String me = w.name();
        client.nick(me);
        StringBuilder out = new StringBuilder();
        out.append(Numerics.line(me, Numerics.RPL_WELCOME, "Welcome to chatroom, " + me));
        out.append(Numerics.line(me, Numerics.RPL_YOURHOST, "Your host is " + IrcDialect.SERVER + ", running chatroom " + version));
        out.append(Numerics.line(me, Numerics.RPL_CREATED, "This server has the same rooms as chatroom's terminal client, plain door and web page"));
        out.append(Numerics.line(me, Numerics.RPL_MYINFO, IrcDialect.SERVER, version, "-", "nt"));
        for (int i = 0; i < isupport.size(); i += 12) {
            List<String> some = new ArrayList<>(isupport.subList(i, Math.min(isupport.size(), i + 12)));
            some.add("are supported by this server");
            out.append(Numerics.line(me, Numerics.RPL_ISUPPORT, some.toArray(String[]::new)));
        }
        out.append(Numerics.line(me, Numerics.RPL_MOTDSTART, "- " + IrcDialect.SERVER + " Message of the day -"));
        out.append(Numerics.line(me, Numerics.RPL_MOTD, "- " + w.count() + " online. Rooms are channels; JOIN adds one, PART leaves one, "
                + "and #lobby is where everyone in no other room is."));
        out.append(Numerics.line(me, Numerics.RPL_MOTD, "- Names are chatroom names: letters, digits, _ . - in any script, up to "
                + Names.MAX_LENGTH + "."));
        out.append(Numerics.line(me, Numerics.RPL_ENDOFMOTD, "End of /MOTD command"));
        out.append(entered(w.room(), null));
        return out.toString();
    }

    /**
     * The client is shown entering {@code room} beside its other channels. When the request
     * was a PART ({@code replyTo} "PART #games") of the last room but the lobby, the chat
     * took the person back to {@code #lobby}: that channel's PART first.
     */
    private String entered(String room, String replyTo) {
        String source = IrcFormat.source(client.nick());
        String part = "";
        if (replyTo != null && replyTo.startsWith("PART ")) {
            String parted = Channels.room(replyTo.substring("PART ".length()));
            if (parted != null && !parted.equals(room) && client.channels.left(parted)) {
                part = IrcMessage.line(Map.of(), source, "PART", parted, "moved to " + room);
            }
        }
        return part + (client.channels.entered(room) ? IrcMessage.line(Map.of(), source, "JOIN", room) : "");
    }

    private String list(RoomList r) {
        String me = client.nick();
        StringBuilder out = new StringBuilder(Numerics.line(me, Numerics.RPL_LISTSTART, "Channel", "Users  Name"));
        for (RoomInfo room : r.rooms()) out.append(Numerics.line(me, Numerics.RPL_LIST, room.name(), String.valueOf(room.members()), ""));
        return out.append(Numerics.line(me, Numerics.RPL_LISTEND, "End of /LIST")).toString();
    }

    // ---- lists of people: NAMES, WHO, WHOIS, ISON, USERHOST ----

    private String whoList(WhoList w) {
        String replyTo = w.replyTo() == null ? "" : w.replyTo();
        String verb = replyTo.contains(" ") ? replyTo.substring(0, replyTo.indexOf(' ')) : replyTo;
        String arg = replyTo.contains(" ") ? replyTo.substring(replyTo.indexOf(' ') + 1) : "";
        return switch (verb) {
            case "NAMES" -> names(w);
            case "WHO" -> who(w, arg);
            case "WHOIS" -> whois(w, arg);
            case "ISON" -> Numerics.line(client.nick(), Numerics.RPL_ISON, String.join(" ", matching(w, arg.split(" "))));
            case "USERHOST" -> userhost(w, arg);
            default -> Numerics.notice(client.nick(), (w.room() == null ? "online: " : "in " + w.room() + ": ") + String.join(", ", w.names()));
        };
    }

    /** 353 lines of names (admins @, moderators %), each within IRC's line, then 366. */
    private String names(WhoList w) {
        String me = client.nick();
        String channel = w.room();
        StringBuilder out = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (String name : w.names()) {
            String shown = prefix(w, name) + name;
            if (!names.isEmpty() && names.length() + shown.length() > 400) {
                out.append(Numerics.line(me, Numerics.RPL_NAMREPLY, "=", channel, names.toString()));
                names.setLength(0);
            }
            if (!names.isEmpty()) names.append(' ');
            names.append(shown);
        }
        if (!names.isEmpty()) out.append(Numerics.line(me, Numerics.RPL_NAMREPLY, "=", channel, names.toString()));
        return out.append(Numerics.line(me, Numerics.RPL_ENDOFNAMES, channel, "End of /NAMES list")).toString();
    }

    private static String prefix(WhoList w, String name) {
        Role role = w.roles().get(name);
        return role == Role.ADMIN ? "@" : role == Role.MODERATOR ? "%" : "";
    }

    /** 352 per person (H here, G away, then the prefix), then 315; a mask that is not a channel matches a nick or '*'. */
    private String who(WhoList w, String mask) {
        String me = client.nick();
        String channel = w.room() == null ? "*" : w.room();
        List<String> names = w.room() != null || mask.equals("*") || mask.equals("0") ? w.names() : matching(w, new String[] {mask});
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            String flags = (w.away().contains(name) ? "G" : "H") + prefix(w, name);
            out.append(Numerics.line(me, Numerics.RPL_WHOREPLY, channel, "chat", IrcDialect.SERVER, IrcDialect.SERVER, name, flags,
                    "0 " + name));
        }
        return out.append(Numerics.line(me, Numerics.RPL_ENDOFWHO, mask, "End of WHO list")).toString();
    }

    private String whois(WhoList w, String nick) {
        String me = client.nick();
        List<String> found = matching(w, new String[] {nick});
        StringBuilder out = new StringBuilder();
        if (found.isEmpty()) {
            out.append(Numerics.line(me, Numerics.ERR_NOSUCHNICK, nick, "No such nick: nobody is online under that name"));
        } else {
            String name = found.getFirst();
            out.append(Numerics.line(me, Numerics.RPL_WHOISUSER, name, "chat", IrcDialect.SERVER, "*", name));
            Role role = w.roles().get(name);
            out.append(Numerics.line(me, Numerics.RPL_WHOISSERVER, name, IrcDialect.SERVER,
                    "chatroom" + (role == null ? "" : ", " + role.wire())));
            if (w.away().contains(name)) out.append(Numerics.line(me, Numerics.RPL_AWAY, name, "away"));
        }
        return out.append(Numerics.line(me, Numerics.RPL_ENDOFWHOIS, nick, "End of /WHOIS list")).toString();
    }

    private String userhost(WhoList w, String nicks) {
        List<String> replies = new ArrayList<>();
        for (String name : matching(w, nicks.split(" "))) replies.add(name + "=" + (w.away().contains(name) ? "-" : "+") + "chat@" + IrcDialect.SERVER);
        return Numerics.line(client.nick(), Numerics.RPL_USERHOST, String.join(" ", replies));
    }

    /** The names of the list that are among {@code asked}, compared as the chat compares names, in the order asked. */
    private static List<String> matching(WhoList w, String[] asked) {
        List<String> found = new ArrayList<>();
        for (String a : asked) {
            if (a.isEmpty()) continue;
            String key = Names.key(a);
            for (String name : w.names()) {
                if (Names.key(name).equals(key) && !found.contains(name)) found.add(name);
            }
        }
        return found;
    }

    // ---- messages ----

    /** To its addressees as a PRIVMSG to them; to its sender (echo-message) one to each addressee. */
    private String privateMessage(PrivateMessage p) {
        Map<String, String> tags = client.has(Caps.SERVER_TIME) ? Map.of("time", IrcFormat.time(p.time())) : Map.of();
        if (own(p.from())) {
            if (!client.has(Caps.ECHO_MESSAGE)) return "";
            StringBuilder out = new StringBuilder();
            for (String to : p.to()) out.append(IrcFormat.message(tags, p.from(), to, p.text(), multiline(), "d" + p.id()));
            return out.toString();
        }
        return IrcFormat.message(tags, p.from(), client.nick(), p.text(), multiline(), "d" + p.id());
    }

    /**
     * Past messages: a {@code chathistory} batch with their times as tags when the client
     * has batch and server-time, else PRIVMSGs with the time in front of the text. An answer
     * to CHATHISTORY ({@code replyTo} "CHATHISTORY #room") is a batch whenever the client has
     * batch and holds the room's messages only, each with its number as {@code msgid}.
     */
    private String history(History h) {
        boolean asked = asked(h);
        boolean timed = client.has(Caps.SERVER_TIME);
        boolean batch = client.has(Caps.BATCH) && (timed || asked);
        StringBuilder out = new StringBuilder();
        String id = "h" + (++batches);
        if (batch) out.append(IrcMessage.line(Map.of(), IrcDialect.SERVER, "BATCH", "+" + id, "chathistory", h.room()));
        for (Event e : h.messages()) {
            if (e instanceof RoomMessage m) {
                out.append(batch ? IrcFormat.privmsg(pastTags(id, m.time(), asked ? IrcFormat.msgid(m.room(), m.seq()) : null), m.from(), m.room(), m.text(), "")
                        : IrcFormat.privmsg(Map.of(), m.from(), m.room(), m.text(), format.clock(m.time())));
            } else if (e instanceof PrivateMessage p && !asked) {
                String to = own(p.from()) ? String.join(",", p.to()) : client.nick();
                out.append(batch ? IrcFormat.privmsg(pastTags(id, p.time(), null), p.from(), to, p.text(), "")
                        : IrcFormat.privmsg(Map.of(), p.from(), to, p.text(), format.clock(p.time())));
            }
        }
        if (batch) out.append(IrcMessage.line(Map.of(), IrcDialect.SERVER, "BATCH", "-" + id));
        return out.toString();
    }

    /** A past line's tags in batch {@code id}: its time when negotiated, its msgid when it has one. */
    private Map<String, String> pastTags(String id, java.time.Instant time, String msgid) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        tags.put("batch", id);
        if (msgid != null) tags.put("msgid", msgid);
        if (client.has(Caps.SERVER_TIME)) tags.put("time", IrcFormat.time(time));
        return tags;
    }

    private String found(Found f) {
        String me = client.nick();
        StringBuilder out = new StringBuilder(Numerics.notice(me, chatroom.protocol.PlainFormat.heading(f)));
        for (Event e : f.messages()) {
            if (e instanceof RoomMessage m) out.append(Numerics.notice(me, format.clock(m.time()) + m.room() + " " + m.from() + ": " + m.text()));
            else if (e instanceof PrivateMessage p) out.append(Numerics.notice(me, format.clock(p.time()) + p.from() + " -> " + String.join(", ", p.to()) + ": " + p.text()));
        }
        return out.toString();
    }

    // ---- refusals ----

    /**
     * A refusal in the numeric an IRC user would recognise for what was asked (the request
     * id says what), else as a NOTICE with chatroom's error code; none for a NOTICE (IRC
     * never answers one automatically).
     */
    private String refused(Refused r) {
        String me = client.nick();
        String replyTo = r.replyTo() == null ? "" : r.replyTo();
        String verb = replyTo.contains(" ") ? replyTo.substring(0, replyTo.indexOf(' ')) : replyTo;
        String target = replyTo.contains(" ") ? replyTo.substring(replyTo.indexOf(' ') + 1) : "*";
        if (verb.equals("NOTICE")) return "";
        String text = r.text();
        return switch (r.code()) {
            case NAME_INVALID, MEMBERS_ONLY -> Numerics.line(me, Numerics.ERR_ERRONEUSNICKNAME, target, text);
            case NAME_TAKEN -> Numerics.line(me, Numerics.ERR_NICKNAMEINUSE, target, text);
            case NAME_CONFUSABLE -> Numerics.line(me, Numerics.ERR_NICKNAMEINUSE, target, text);
            case PASSWORD_REQUIRED -> Numerics.line(me, Numerics.ERR_NICKNAMEINUSE, target,
                    text + " (PASS or SASL PLAIN), or pick another nick");
            case PASSWORD_WRONG -> verb.equals("AUTHENTICATE") ? Numerics.line(me, Numerics.ERR_SASLFAIL, text)
                    : Numerics.line(me, Numerics.ERR_PASSWDMISMATCH, text);
            case UNKNOWN_COMMAND -> Numerics.line(me, Numerics.ERR_UNKNOWNCOMMAND, verb.isEmpty() ? "*" : verb, text);
            case LINE_TOO_LONG -> Numerics.line(me, Numerics.ERR_INPUTTOOLONG, text + " (--max-line-bytes applies, not IRC's 512)");
            case NOT_ONLINE -> Numerics.line(me, Numerics.ERR_NOSUCHNICK, target, text);
            case EMPTY_TEXT -> Numerics.line(me, Numerics.ERR_NOTEXTTOSEND, text);
            case MUTED -> Numerics.line(me, Numerics.ERR_CANNOTSENDTOCHAN, target, text);
            case ROOM_INVALID -> Numerics.line(me, Numerics.ERR_NOSUCHCHANNEL, target, text);
            case TOO_MANY_ROOMS -> Numerics.line(me, Numerics.ERR_TOOMANYCHANNELS, target, text);
            case NOT_ALLOWED -> verb.equals("KICK") ? Numerics.line(me, Numerics.ERR_CHANOPRIVSNEEDED, target, text)
                    : Numerics.notice(me, r.code().wire() + ": " + text);
            default -> verb.equals("AUTHENTICATE") ? Numerics.line(me, Numerics.ERR_SASLFAIL, r.code().wire() + ": " + text)
                    : Numerics.notice(me, r.code().wire() + (verb.isEmpty() ? "" : " (" + replyTo + ")") + ": " + text);
        };
    }
}

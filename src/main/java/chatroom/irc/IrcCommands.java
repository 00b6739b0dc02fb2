package chatroom.irc;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Limits;
import chatroom.chat.Mark;
import chatroom.chat.Sanction;
import chatroom.door.ConnectionLife;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What each IRC command from one client means: a table from the command to its handler,
 * how many parameters it needs and whether it may come before registration, checked in
 * one place ({@link #onLine}) so handlers take them for granted. Registration (NICK, USER,
 * CAP, PASS, AUTHENTICATE) ends in a join under the nick; after it the commands become
 * the chat's requests, each with a request id ({@code replyTo}) naming the command and
 * its target, which {@link IrcReplies} reads to answer in IRC's words. Owned by the
 * connection's reading thread.
 */
final class IrcCommands {
    /** One command: its handler, the parameters it needs, whether it may come before registration. */
    private record Command(Consumer<IrcMessage> handler, int minParams, boolean beforeRegistration) {}

    private final ConnectionLife life;
    private final IrcClient client;
    private final Limits limits;
    private final Consumer<String> send;
    private final Map<String, Command> table;
    /** Registration: the nick asked for, whether USER came, whether CAP negotiation holds it, the password. */
    private String nick;
    private boolean user;
    private boolean negotiating;
    private String password;
    /** SASL PLAIN: whether the next AUTHENTICATE is the credentials; the account they signed in as. */
    private boolean authenticating;
    /** The client's draft/multiline batch being received. */
    private final MultilineBatch multiline;
    /** Empty CHATHISTORY batches sent (their ids: p1, p2, …). */
    private int emptyBatches;

    IrcCommands(ConnectionLife life, IrcClient client, Limits limits, Consumer<String> send) {
        this.life = life;
        this.client = client;
        this.limits = limits;
        this.send = send;
        this.table = Map.ofEntries(
                Map.entry("CAP", new Command(this::cap, 1, true)),
                Map.entry("NICK", new Command(this::nick, 1, true)),
                Map.entry("USER", new Command(this::user, 4, true)),
                Map.entry("PASS", new Command(this::pass, 1, true)),
                Map.entry("AUTHENTICATE", new Command(this::authenticate, 1, true)),
                Map.entry("PING", new Command(this::ping, 1, true)),
                Map.entry("PONG", new Command(m -> { }, 0, true)), // the line itself was the sign of life
                Map.entry("QUIT", new Command(m -> life.handle(new ChatInput.Quit(), null), 0, true)),
                Map.entry("JOIN", new Command(this::join, 1, false)),
                Map.entry("PART", new Command(this::part, 1, false)),
                Map.entry("PRIVMSG", new Command(m -> message(m, false), 0, false)),
                Map.entry("NOTICE", new Command(m -> message(m, true), 0, false)),
                Map.entry("NAMES", new Command(this::names, 0, false)),
                Map.entry("WHO", new Command(this::who, 0, false)),
                Map.entry("WHOIS", new Command(this::whois, 1, false)),
                Map.entry("LIST", new Command(m -> life.handle(new ChatInput.Rooms(), "LIST"), 0, false)),
                Map.entry("TOPIC", new Command(this::topic, 1, false)),
                Map.entry("MODE", new Command(this::mode, 1, false)),
                Map.entry("AWAY", new Command(m -> life.handle(new ChatInput.Away(m.param(0)), "AWAY"), 0, false)),
                Map.entry("ISON", new Command(m -> life.handle(new ChatInput.Who(true), "ISON " + String.join(" ", m.params())), 1, false)),
                Map.entry("USERHOST", new Command(m -> life.handle(new ChatInput.Who(true), "USERHOST " + String.join(" ", m.params())), 1, false)),
                Map.entry("KICK", new Command(this::kick, 2, false)),
                Map.entry("CHATHISTORY", new Command(this::chathistory, 4, false)),
                Map.entry("BATCH", new Command(this::batch, 1, false)));
        this.multiline = new MultilineBatch(Caps.maxBytes(limits), Caps.maxLines(limits), send);
    }

    /** One line from the client, without its line end; already within --max-line-bytes and valid UTF-8. */
    void onLine(String line) {
        if (line.isEmpty()) return; // an empty line is ignored (modern.ircdocs.horse)
        if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
            life.refuse(ErrorCode.BAD_FRAME, "that line held a " + (line.indexOf('\0') >= 0 ? "NUL" : "bare CR")
                    + ", which IRC does not allow inside a line; it was dropped", null);
            return;
        }
        IrcMessage m;
        try {
            m = IrcMessage.parse(line);
        } catch (IrcMessage.Malformed e) {
            life.refuse(ErrorCode.BAD_FRAME, "that line is not IRC (" + e.getMessage() + "); it was dropped", null);
            return;
        }
        if (life.member() != null && multiline.takes(m)) return; // a line of a multiline batch
        Command command = table.get(m.command());
        if (command == null) {
            life.refuse(ErrorCode.UNKNOWN_COMMAND, m.command() + " is not a command this server knows", m.command());
            return;
        }
        boolean registered = life.member() != null;
        if (!registered && !command.beforeRegistration()) {
            numeric(Numerics.ERR_NOTREGISTERED, "You have not registered (NICK and USER first)");
            return;
        }
        if (m.params().size() < command.minParams()) {
            numeric(Numerics.ERR_NEEDMOREPARAMS, m.command(), "Not enough parameters");
            return;
        }
        command.handler().accept(m);
    }

    private void numeric(String code, String... params) {
        send.accept(Numerics.line(client.nick(), code, params));
    }

    // ---- registration ----

    /** CAP LS [302] | LIST | REQ :caps | END: capability negotiation (ircv3.net/specs/extensions/capability-negotiation). */
    private void cap(IrcMessage m) {
        String sub = m.param(0).toUpperCase(java.util.Locale.ROOT);
        switch (sub) {
            case "LS" -> {
                if (life.member() == null) negotiating = true;
                int version = m.param(1).matches("\\d{3}") ? Integer.parseInt(m.param(1)) : 0;
                send.accept(capLine("LS", Caps.list(version, limits)));
            }
            case "LIST" -> send.accept(capLine("LIST", String.join(" ", client.caps())));
            case "REQ" -> {
                if (life.member() == null) negotiating = true;
                Set<String> asked = new LinkedHashSet<>(List.of(m.param(1).strip().split(" +")));
                asked.remove("");
                if (asked.isEmpty() || !Caps.allKnown(asked)) {
                    send.accept(capLine("NAK", m.param(1)));
                    return;
                }
                Set<String> now = new LinkedHashSet<>(client.caps());
                for (String a : asked) {
                    if (a.startsWith("-")) now.remove(a.substring(1));
                    else now.add(a);
                }
                client.caps(now);
                send.accept(capLine("ACK", m.param(1)));
            }
            case "END" -> {
                negotiating = false;
                register();
            }
            default -> numeric(Numerics.ERR_INVALIDCAPCMD, m.param(0), "Invalid CAP command");
        }
    }

    private String capLine(String sub, String caps) {
        return IrcMessage.line(Map.of(), IrcDialect.SERVER, "CAP", client.nick(), sub, caps);
    }

    /** NICK name: the name to join under; once joined a name cannot change (the chat has no renaming). */
    private void nick(IrcMessage m) {
        String asked = m.param(0);
        if (life.member() != null) {
            if (!asked.equals(life.member().name())) {
                numeric(Numerics.ERR_NONICKCHANGE, "chatroom names do not change while connected; reconnect as " + asked);
            }
            return;
        }
        nick = asked;
        client.nick(asked); // replies before registration name the nick asked for
        register();
    }

    /** USER name mode unused :realname: only that it came matters (the name shown is the nick). */
    private void user(IrcMessage m) {
        if (life.member() != null) {
            numeric(Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        user = true;
        register();
    }

    /** PASS password: the password of a registered nick. */
    private void pass(IrcMessage m) {
        if (life.member() != null) {
            numeric(Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        password = m.param(0);
    }

    /**
     * AUTHENTICATE PLAIN, then AUTHENTICATE base64(authzid NUL authcid NUL password): the
     * account's password is checked at once (the sign-in back-off applies), and on success
     * the connection joins under the account's name whatever NICK said.
     */
    private void authenticate(IrcMessage m) {
        if (life.member() != null) {
            numeric(Numerics.ERR_SASLALREADY, "You have already authenticated");
            return;
        }
        String arg = m.param(0);
        if (!authenticating) {
            if (arg.equals("*")) return;
            if (!arg.equalsIgnoreCase("PLAIN")) {
                numeric(Numerics.RPL_SASLMECHS, "PLAIN", "are available SASL mechanisms");
                numeric(Numerics.ERR_SASLFAIL, "SASL authentication failed");
                return;
            }
            authenticating = true;
            send.accept(IrcMessage.line(Map.of(), null, "AUTHENTICATE", "+"));
            return;
        }
        authenticating = false;
        if (arg.equals("*")) {
            numeric(Numerics.ERR_SASLABORTED, "SASL authentication aborted");
            return;
        }
        String[] parts;
        try {
            parts = new String(Base64.getDecoder().decode(arg), StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        if (parts.length != 3 || parts[1].isEmpty()) {
            numeric(Numerics.ERR_SASLFAIL, "SASL authentication failed: PLAIN wants base64 of authzid NUL account NUL password");
            return;
        }
        ErrorCode refused = life.checkPassword(parts[1], parts[2], "AUTHENTICATE");
        if (refused != null) return; // told as 904 by IrcReplies
        nick = parts[1];
        password = parts[2];
        numeric(Numerics.RPL_LOGGEDIN, IrcFormat.source(parts[1]), parts[1], "You are now logged in as " + parts[1]);
        numeric(Numerics.RPL_SASLSUCCESS, "SASL authentication successful");
    }

    /** Joins once NICK and USER have come and no capability negotiation holds registration. */
    private void register() {
        if (nick == null || !user || negotiating || life.member() != null) return;
        client.nick(nick);
        life.join(nick, password, "NICK " + nick, -1);
        if (life.member() == null) return; // refused: told as a numeric; another NICK may follow
        client.nick(life.member().name());
        life.handle(new ChatInput.Who(false), "NAMES");
    }

    private void ping(IrcMessage m) {
        life.session().deliver(new chatroom.chat.Event.Pong(m.param(0)));
    }

    // ---- channels ----

    /** JOIN #a,#b [keys] | JOIN 0. */
    private void join(IrcMessage m) {
        if (m.param(0).equals("0")) {
            for (ChatInput part : client.channels.partAll()) leave(part, "PART " + ((ChatInput.PartRoom) part).room());
            return;
        }
        for (String channel : m.param(0).split(",")) {
            if (channel.isEmpty()) continue;
            if (Channels.room(channel) == null) {
                life.refuse(ErrorCode.ROOM_INVALID, chatroom.chat.Names.roomProblem(channel), "JOIN " + channel);
                continue;
            }
            ChatInput go = client.channels.join(channel);
            if (go == null) continue; // in it already: nothing changes
            life.handle(go, "JOIN " + channel);
            names(channel);
        }
    }

    /**
     * A part; when it was the person's last room but the lobby, the chat has taken them back
     * to {@code #lobby}, whose names follow its JOIN.
     */
    private void leave(ChatInput part, String replyTo) {
        boolean inLobby = client.channels.in(chatroom.chat.Manager.LOBBY);
        life.handle(part, replyTo);
        if (!inLobby) names(chatroom.chat.Manager.LOBBY);
    }

    /** The names of {@code channel} when the person is in it now (a JOIN the chat refused has none). */
    private void names(String channel) {
        ChatInput who = client.channels.who(channel);
        if (who != null) life.handle(who, "NAMES");
    }

    /** PART #a,#b [:reason]. */
    private void part(IrcMessage m) {
        for (String channel : m.param(0).split(",")) {
            if (channel.isEmpty()) continue;
            ChatInput part = client.channels.part(channel);
            if (part == null) numeric(Numerics.ERR_NOTONCHANNEL, channel, "You're not on that channel");
            else leave(part, "PART " + channel); // the chat refuses a part of #lobby when it is the last room
        }
    }

    /**
     * PRIVMSG|NOTICE targets :text: each channel gets the text as a room message, and the
     * nicks among the targets one private message together. A CTCP request other than
     * ACTION is not carried (no other door could answer it).
     */
    private void message(IrcMessage m, boolean notice) {
        String verb = notice ? "NOTICE" : "PRIVMSG";
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            if (!notice) numeric(Numerics.ERR_NORECIPIENT, "No recipient given (" + verb + ")");
            return;
        }
        if (m.params().size() < 2 || m.param(1).isEmpty()) {
            if (!notice) numeric(Numerics.ERR_NOTEXTTOSEND, "No text to send");
            return;
        }
        String text = IrcText.fromIrc(m.param(1), client.nick());
        if (text == null) {
            if (!notice) send.accept(Numerics.notice(client.nick(), "CTCP requests other than ACTION are not carried; nobody on chatroom's other doors could answer them"));
            return;
        }
        say(notice, m.param(0), text);
    }

    /** {@code text} to each of {@code targets} (comma-separated): the channels' rooms and, together, the nicks. */
    private void say(boolean notice, String targets, String text) {
        String verb = notice ? "NOTICE" : "PRIVMSG";
        List<String> people = new ArrayList<>();
        for (String target : new LinkedHashSet<>(List.of(targets.split(",")))) {
            if (target.isEmpty()) continue;
            if (target.startsWith("#")) {
                ChatInput say = client.channels.say(target, text);
                if (say != null) life.handle(say, verb + " " + target);
                else if (!notice) numeric(Numerics.ERR_CANNOTSENDTOCHAN, target, "Cannot send to channel: you are not in it (JOIN it first)");
            } else {
                people.add(target);
            }
        }
        if (!people.isEmpty()) life.handle(new ChatInput.Tell(List.copyOf(people), text), verb + " " + String.join(",", people));
    }

    /**
     * BATCH +ref draft/multiline target | BATCH -ref: a multiline message, sent to the chat
     * as one message when its batch closes well formed.
     */
    private void batch(IrcMessage m) {
        String ref = m.param(0);
        if (ref.length() > 1 && ref.startsWith("+")) {
            multiline.open(ref.substring(1), m.param(1), m.param(2), client.has(Caps.MULTILINE) && client.has(Caps.BATCH));
        } else if (ref.length() > 1 && ref.startsWith("-")) {
            MultilineBatch.Message done = multiline.close(ref.substring(1));
            if (done != null) say(done.verb().equals("NOTICE"), done.target(), done.text());
        } else {
            send.accept(IrcMessage.line(Map.of(), IrcDialect.SERVER, "FAIL", "BATCH", "MULTILINE_INVALID",
                    "a batch's reference starts with + to open it and - to close it"));
        }
    }

    /** NAMES [#channel]: the names in a room the person is in (without one: the room the chat calls theirs). */
    private void names(IrcMessage m) {
        String channel = m.param(0);
        ChatInput who = channel.isEmpty() ? new ChatInput.Who(false) : client.channels.who(channel);
        if (who == null) numeric(Numerics.RPL_ENDOFNAMES, channel, "End of /NAMES list");
        else life.handle(who, "NAMES");
    }

    /** WHO #channel | WHO nick | WHO *: a room's people, or those online matching. */
    private void who(IrcMessage m) {
        String mask = m.params().isEmpty() ? "*" : m.param(0);
        if (mask.startsWith("#")) {
            ChatInput who = client.channels.who(mask);
            if (who != null) life.handle(who, "WHO " + mask);
            else numeric(Numerics.RPL_ENDOFWHO, mask, "End of WHO list");
            return;
        }
        life.handle(new ChatInput.Who(true), "WHO " + mask);
    }

    /** WHOIS [server] nick. */
    private void whois(IrcMessage m) {
        String who = m.params().get(m.params().size() - 1);
        life.handle(new ChatInput.Who(true), "WHOIS " + who.split(",")[0]);
    }

    /** TOPIC #channel [:topic]: rooms have no topic, and none can be set. */
    private void topic(IrcMessage m) {
        String channel = m.param(0);
        if (m.params().size() > 1) {
            numeric(Numerics.ERR_CHANOPRIVSNEEDED, channel, "rooms on chatroom have no topic");
        } else if (!client.channels.in(channel)) {
            numeric(Numerics.ERR_NOTONCHANNEL, channel, "You're not on that channel");
        } else {
            numeric(Numerics.RPL_NOTOPIC, channel, "No topic is set");
        }
    }

    /**
     * MODE target [modes]: queries answered (a room is +nt: only those in it speak, nobody
     * sets a topic; a person has no modes; no ban list is kept as modes), changes refused.
     */
    private void mode(IrcMessage m) {
        String target = m.param(0);
        String modes = m.param(1);
        if (target.startsWith("#")) {
            if (modes.isEmpty()) numeric(Numerics.RPL_CHANNELMODEIS, target, "+nt");
            else if (modes.replace("+", "").equals("b")) numeric(Numerics.RPL_ENDOFBANLIST, target, "End of channel ban list");
            else numeric(Numerics.ERR_CHANOPRIVSNEEDED, target, "modes cannot be changed on chatroom (moderators: /kick, /mute, /ban on another door, or KICK)");
        } else if (!chatroom.chat.Names.key(target).equals(chatroom.chat.Names.key(client.nick()))) {
            numeric(Numerics.ERR_USERSDONTMATCH, "Can't change mode for other users");
        } else if (modes.isEmpty()) {
            numeric(Numerics.RPL_UMODEIS, "+");
        }
        // setting one's own modes: nothing to set, and nothing to say (clients send +i unasked)
    }

    /**
     * CHATHISTORY BEFORE|AFTER|LATEST|AROUND target ref limit | BETWEEN target ref ref limit
     * (IRCv3 draft/chathistory): a stretch of a room's stored messages, answered by
     * {@link IrcReplies} as a {@code chathistory} batch. A ref is {@code msgid=N} (a message's
     * number in its room, as its msgid tag says), {@code timestamp=} (server-time's form) or,
     * for LATEST, {@code *}. A limit above CHATHISTORY=200 gets 200. A nick's private
     * messages are not paged by person, so a nick target gets an empty batch; TARGETS is not
     * kept (FAIL).
     */
    /** msgid=ROOM:N or msgid=N: the room without its # (group 1, optional) and the number (group 2). */
    private static final java.util.regex.Pattern MSGID = java.util.regex.Pattern.compile("msgid=(?:([^:\\s]+):)?(\\d{1,18})");

    private void chathistory(IrcMessage m) {
        String sub = m.param(0).toUpperCase(java.util.Locale.ROOT);
        String target = m.param(1);
        boolean between = sub.equals("BETWEEN");
        if (!List.of("BEFORE", "AFTER", "LATEST", "AROUND", "BETWEEN").contains(sub)) {
            fail("INVALID_PARAMS", sub, sub.equals("TARGETS") ? "TARGETS is not kept: the chat lists your rooms with LIST"
                    : "Unknown subcommand: BEFORE, AFTER, LATEST, AROUND or BETWEEN");
            return;
        }
        if (between && m.params().size() < 5) {
            numeric(Numerics.ERR_NEEDMOREPARAMS, m.command(), "Not enough parameters");
            return;
        }
        int limit;
        try {
            limit = Integer.parseInt(m.param(between ? 4 : 3));
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1) {
            fail("INVALID_PARAMS", sub, "the limit must be a number from 1 to " + chatroom.chat.Commands.MAX_PAGE);
            return;
        }
        Mark ref = mark(sub, target, m.param(2), sub.equals("LATEST"));
        Mark other = between ? mark(sub, target, m.param(3), false) : Mark.START;
        if (ref == null || other == null) return; // told why
        if (!target.startsWith("#")) {
            String id = "p" + (++emptyBatches);
            send.accept(IrcMessage.line(Map.of(), IrcDialect.SERVER, "BATCH", "+" + id, "chathistory", target));
            send.accept(IrcMessage.line(Map.of(), IrcDialect.SERVER, "BATCH", "-" + id));
            return;
        }
        if (!client.channels.in(target)) {
            fail("INVALID_TARGET", sub + " " + target, "you are not in " + target + " (JOIN it first)");
            return;
        }
        int page = Math.min(limit, chatroom.chat.Commands.MAX_PAGE);
        ChatInput asked = switch (sub) {
            case "BEFORE" -> new ChatInput.Span(ref, Mark.START, page);
            case "AFTER" -> new ChatInput.Span(ref, Mark.END, page);
            case "LATEST" -> new ChatInput.Span(Mark.END, ref == Mark.END ? Mark.START : ref, page);
            case "AROUND" -> new ChatInput.Around(ref, page);
            default -> new ChatInput.Span(ref, other, page);
        };
        life.handle(new ChatInput.InRoom(target, asked), "CHATHISTORY " + target);
    }

    /**
     * A CHATHISTORY reference: {@code msgid=ROOM:N} as {@link IrcFormat#msgid} gives it (or
     * the bare number N), {@code timestamp=YYYY-MM-DDThh:mm:ss.sssZ}, or {@code *} where
     * {@code star} (as {@link Mark#END}); null, with a FAIL, for anything else, a msgid of
     * another room than {@code target} too.
     */
    private Mark mark(String sub, String target, String ref, boolean star) {
        if (star && ref.equals("*")) return Mark.END;
        java.util.regex.Matcher id = MSGID.matcher(ref);
        if (id.matches()) {
            if (id.group(1) != null && target.startsWith("#")
                    && !chatroom.chat.Names.room("#" + id.group(1)).equals(chatroom.chat.Names.room(target))) {
                fail("INVALID_PARAMS", sub + " " + ref, "that msgid is of #" + id.group(1) + ", not of " + target);
                return null;
            }
            return Mark.seq(Long.parseLong(id.group(2)));
        }
        if (ref.startsWith("timestamp=")) {
            try {
                return Mark.time(java.time.Instant.parse(ref.substring("timestamp=".length())));
            } catch (java.time.format.DateTimeParseException e) {
                fail("INVALID_PARAMS", sub + " " + ref, "Invalid timestamp: server-time's form, as 2026-11-27T14:03:05.000Z");
                return null;
            }
        }
        if (ref.startsWith("msgid=")) {
            fail("INVALID_PARAMS", sub + " " + ref, "a msgid here is as its msgid tag gives it: the room, a colon and the message's number there (lobby:42)");
            return null;
        }
        fail("INVALID_MSGREFTYPE", sub + " " + ref, "a reference is msgid=N or timestamp=" + (star ? ", or *" : ""));
        return null;
    }

    /** A standard reply (ircv3.net/specs/extensions/standard-replies): FAIL CHATHISTORY code context :text. */
    private void fail(String code, String context, String text) {
        List<String> params = new ArrayList<>(List.of("CHATHISTORY", code));
        params.addAll(List.of(context.split(" ")));
        params.add(text);
        send.accept(IrcMessage.line(Map.of(), IrcDialect.SERVER, "FAIL", params.toArray(String[]::new)));
    }

    /** KICK #channel nick [:reason]: a moderator's /kick. */
    private void kick(IrcMessage m) {
        life.handle(new ChatInput.Moderate(Sanction.Action.KICK, m.param(1), null, m.param(2)), "KICK " + m.param(1));
    }
}

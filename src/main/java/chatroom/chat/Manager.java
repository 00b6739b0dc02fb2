package chatroom.chat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chat's rules: who is online under which name, rooms, room and private messages,
 * and what each person is told. It knows nothing of sockets: doors call it with what a
 * person asked and it answers through their {@link Session}. Here: joining and leaving,
 * what each request does, moving between rooms and room messages; the rest is in
 * {@link Online}, {@link OpenRooms}, {@link PrivateMessages}, {@link PastRequests} and
 * {@link Refusals}.
 */
public final class Manager {
    public static final String LOBBY = "#lobby";

    private final Clock clock;
    private final Limits limits;
    private final Online online = new Online();
    private final RoomLimits roomLimits;
    private final OpenRooms rooms;
    private final Refusals refusals;
    private final PrivateMessages privateMessages;
    private final OfflineMessages offline;
    private final PastRequests past;
    private final AddressBudgets addressBudgets;
    private final SignIns signIns;
    private final Moderation moderation;
    private final Peers peers;
    private final SecureRandom tokens = new SecureRandom();
    private volatile boolean shuttingDown;

    /** A chat without a history store: nothing is replayed, paged or searched. */
    public Manager(Clock clock, Recorder recorder, Limits limits) {
        this(clock, recorder, limits, HistoryStore.none(), RoomLimits.DEFAULTS);
    }

    public Manager(Clock clock, Recorder recorder, Limits limits, HistoryStore store, RoomLimits roomLimits) {
        this(clock, recorder, limits, store, roomLimits, new Issued());
    }

    /**
     * With the numbers {@code issued} before (the server log's, read at start), so that no
     * room number or private id that is in the log is given again, whatever the store
     * lacks. Throws UncheckedIOException when the store cannot be read.
     */
    public Manager(Clock clock, Recorder recorder, Limits limits, HistoryStore store, RoomLimits roomLimits, Issued issued) {
        this(clock, recorder, limits, store, roomLimits, issued, AccountRules.NONE);
    }

    /** As above, with registered names that take a password ({@code accounts}). */
    public Manager(Clock clock, Recorder recorder, Limits limits, HistoryStore store, RoomLimits roomLimits, Issued issued,
            AccountRules accounts) {
        this(clock, recorder, limits, store, roomLimits, issued, accounts, null, Peers.NONE);
    }

    /**
     * As above, one server of a cluster: the rooms' ordered logs kept by {@code logs} (the
     * cluster's shared engine; null for the embedded engine over {@code store}), names,
     * presence and private messages shared with {@code peers}.
     */
    public Manager(Clock clock, Recorder recorder, Limits limits, HistoryStore store, RoomLimits roomLimits, Issued issued,
            AccountRules accounts, RoomLog.Engine logs, Peers peers) {
        this.clock = clock;
        this.peers = peers;
        this.limits = limits;
        // Reads on threads of their own: a query must not hold a carrier that delivery needs.
        HistoryStore pooled = PooledReads.of(store);
        this.roomLimits = roomLimits;
        this.addressBudgets = new AddressBudgets(clock, roomLimits.addressHeavyRate(), roomLimits.addressHeavyBurst());
        // The rooms' ordered logs: the embedded engine over this server's store, unless a cluster's is given.
        this.rooms = new OpenRooms(clock, recorder, logs != null ? logs : EmbeddedRoomLog.over(pooled), pooled, issued,
                limits.announceUpTo(), roomLimits.maxRooms());
        this.refusals = new Refusals(clock, recorder);
        // Ids go on after a restart, never repeat: not even one that was logged and then refused by the store.
        this.offline = new OfflineMessages(accounts, online, refusals, limits.offlineQueue());
        this.privateMessages = new PrivateMessages(clock, recorder, pooled, online, refusals, limits.maxText(),
                Math.max(pooled.lastPrivateId(), issued.lastPrivateId()), offline, peers);
        peers.listen(privateMessages::fromElsewhere);
        this.past = new PastRequests(pooled, limits, roomLimits, refusals);
        this.signIns = new SignIns(clock, accounts, refusals);
        this.moderation = new Moderation(clock, accounts.accounts().sanctions(), accounts, online, refusals, peers, (member, put) -> {
            member.silence(); // a private message of theirs going out now goes out whole first; none after
            member.session().deliver(put.closing());
            leave(member, put.reason());
            member.session().close();
        });
    }

    public Limits limits() {
        return limits;
    }

    public RoomLimits roomLimits() {
        return roomLimits;
    }

    /** A connection arrived; it has not asked for a name yet. */
    public void connected(Session session) {
        refusals.note(LogLines.connect(session.address()));
    }

    /** A connection was turned away before it could ask for anything (too many connections): noted like a refusal. */
    public void turnedAway(String address, ErrorCode code, String text) {
        refusals.turnedAway(address, code, text);
    }

    /**
     * What a connection from {@code address} is told when a ban keeps its address out, or
     * null when none does: the door then turns it away before it can ask for anything.
     */
    public Closing bannedAddress(String address) {
        Sanction ban = moderation.banned(null, address);
        return ban == null ? null : moderation.bannedClosing(ban);
    }

    /** A connection ended without its person ever having joined. */
    public void disconnected(Session session, String why) {
        refusals.note(LogLines.disconnect(session.address(), why));
    }

    /**
     * Asks to join under {@code requested}. On success the person is welcomed and the
     * room told; on refusal they are told why and may try another name.
     */
    public Optional<Member> join(Session session, String requested, String replyTo) {
        return join(session, requested, replyTo, -1);
    }

    /**
     * As {@link #join(Session, String, String)}, asking for {@code replay} past messages on
     * entering a room (0 for none, as bots and bridges ask; negative for the server's default).
     */
    public Optional<Member> join(Session session, String requested, String replyTo, int replay) {
        return join(session, requested, null, replyTo, replay);
    }

    /**
     * As {@link #join(Session, String, String, int)} with the {@code password} of a
     * registered name (null when none was given: a registered name is then refused with
     * {@link ErrorCode#PASSWORD_REQUIRED}, which asks for it).
     */
    public Optional<Member> join(Session session, String requested, String password, String replyTo, int replay) {
        return Optional.ofNullable(enter(session, requested, password, replyTo, replay).member());
    }

    /** How a join went: the member, or the code of the refusal the person was told. */
    public record Entry(Member member, ErrorCode refused) {}

    /** As {@link #join(Session, String, String, String, int)}, saying why it was refused. */
    public Entry enter(Session session, String requested, String password, String replyTo, int replay) {
        if (shuttingDown) {
            session.deliver(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
            session.close();
            return new Entry(null, ErrorCode.SHUTTING_DOWN);
        }
        String name = Names.normalize(requested);
        String problem = Names.problem(name);
        if (problem != null) {
            refuse(session, null, ErrorCode.NAME_INVALID, problem, replyTo);
            return new Entry(null, ErrorCode.NAME_INVALID);
        }
        Sanction ban = moderation.banned(name, session.address());
        if (ban != null) {
            Closing closing = moderation.bannedClosing(ban);
            refusals.turnedAway(session.address(), closing.code(), closing.text());
            session.deliver(closing);
            session.close();
            return new Entry(null, ErrorCode.BANNED);
        }
        SignIns.Verdict verdict = signIns.admit(session, name, password, replyTo);
        if (verdict.admitted() == null) return new Entry(null, verdict.refused());
        name = verdict.admitted().name();
        int count = replay < 0 ? roomLimits.replayOnJoin() : Math.min(replay, Commands.MAX_PAGE);
        if (verdict.admitted().role() != Role.GUEST) {
            Member signedIn = online.get(name);
            if (signedIn != null && signedIn.token() == verdict.admitted().identity()
                    && alsoOn(signedIn, session, count, replyTo)) {
                return new Entry(signedIn, null);
            }
        }
        String host = AddressBudgets.host(session.address());
        Member member = new Member(name, session, new RateLimiter(clock, limits.rate(), limits.burst()),
                new RateLimiter(clock, roomLimits.heavyRate(), roomLimits.heavyBurst()), addressBudgets.arrive(host),
                verdict.admitted().identity() != 0 ? verdict.admitted().identity() : token(), count);
        member.role(verdict.admitted().role());
        String key = Names.key(name);
        String shown = name;
        Member holder = online.claim(key, member);
        if (holder != null) {
            addressBudgets.depart(host);
            refuse(session, null, ErrorCode.NAME_TAKEN, holder.name() + " is already here", replyTo);
            return new Entry(null, ErrorCode.NAME_TAKEN);
        }
        Member lookalike = online.holdLooks(member);
        if (lookalike != null) {
            online.release(key, member);
            addressBudgets.depart(host);
            return refuseLookalike(session, name, lookalike.name(), replyTo);
        }
        Peers.Holder elsewhere;
        try {
            elsewhere = peers.claim(name, Names.lookalikes(name), LOBBY, verdict.admitted().role() != Role.GUEST);
        } catch (IOException e) {
            unclaim(member, key, host);
            refuse(session, null, ErrorCode.LOG_UNAVAILABLE,
                    "the servers cannot check the name with each other right now; try again in a moment", replyTo);
            return new Entry(null, ErrorCode.LOG_UNAVAILABLE);
        }
        if (elsewhere != null) {
            unclaim(member, key, host);
            if (elsewhere.lookalike()) return refuseLookalike(session, name, elsewhere.name(), replyTo);
            refuse(session, null, ErrorCode.NAME_TAKEN, elsewhere.name() + " is already here", replyTo);
            return new Entry(null, ErrorCode.NAME_TAKEN);
        }
        // The lobby never closes, so the first add always succeeds.
        try {
            rooms.lobby().add(member, seq -> welcome(shown, seq, replyTo), replay(member, replyTo));
        } catch (RuntimeException e) {
            // A name held by nobody in any room would stay taken until the server stops, and trip its shutdown.
            unclaim(member, key, host);
            peers.release(name, Names.lookalikes(name));
            throw e;
        }
        offline.handOut(member);
        return new Entry(member, null);
    }

    /** A joiner's name and look-alikes let go here, before they were in any room. */
    private void unclaim(Member member, String key, String host) {
        online.releaseLooks(member);
        online.release(key, member);
        addressBudgets.depart(host);
    }

    private Entry refuseLookalike(Session session, String name, String holder, String replyTo) {
        refuse(session, null, ErrorCode.NAME_CONFUSABLE,
                name + " looks too much like " + holder + ", who is online" + because(name, holder)
                        + "; pick a name that looks different",
                replyTo);
        return new Entry(null, ErrorCode.NAME_CONFUSABLE);
    }

    /**
     * Whether {@code password} is the password of the registered name {@code requested},
     * for a door that checks it before joining (IRC's SASL PLAIN): null when it is, else
     * why not (told to the session as a join's refusal would be, the back-off included).
     */
    public ErrorCode checkPassword(Session session, String requested, String password, String replyTo) {
        String name = Names.normalize(requested);
        String problem = Names.problem(name);
        if (problem != null) {
            refuse(session, null, ErrorCode.NAME_INVALID, problem, replyTo);
            return ErrorCode.NAME_INVALID;
        }
        return signIns.check(session, name, password, replyTo);
    }

    /**
     * An account already online signed in on one more connection: that connection is
     * welcomed to where the member is, with the room's replay as any joiner has it, and from
     * then on is told all the member is told. False when the member is leaving (the caller
     * makes a member of its own).
     */
    private boolean alsoOn(Member member, Session connection, int replay, String replyTo) {
        Room room = member.room();
        while (room != null) {
            Welcome welcome = new Welcome(member.name(), room.name(), 0, online.names(limits.announceUpTo()), online.count(),
                    replyTo);
            if (room.addConnection(member, connection, welcome, new Room.Replay(replay, limits.sendQueueBytes() / 2, replyTo))) {
                signedInAgain(member, connection);
                return true;
            }
            if (member.connections().leaving()) return false;
            Room now = member.room(); // it moved meanwhile: to where it is now
            if (now == room) return false;
            room = now;
        }
        // Its first connection is still being welcomed to the lobby: that welcome and replay reach this one too.
        if (!member.connections().add(connection)) return false;
        connection.deliver(new Welcome(member.name(), LOBBY, 0, online.names(limits.announceUpTo()), online.count(), replyTo));
        signedInAgain(member, connection);
        return true;
    }

    private void signedInAgain(Member member, Session connection) {
        int count = member.connections().count();
        refusals.note(LogLines.account("CONNECTION", member.name(), connection.address() + " (" + count + " connections)"));
        connection.deliver(new Notice("you are signed in as " + member.name() + " on " + count
                + " connections; each sees what is sent to " + member.name(), null));
        // Only then: a member in the lobby alone is welcomed as before rooms were several.
        if (member.rooms().length > 1) connection.deliver(yourRooms(member, null));
    }

    /**
     * One of the member's connections ends ({@code reason}): when it was the last, the
     * member leaves; otherwise only that connection goes, the member stays.
     */
    public void leave(Member member, Session connection, LeaveReason reason) {
        if (!member.connections().dropIfOthers(connection)) {
            leave(member, reason);
        } else {
            refusals.note(LogLines.account("DISCONNECTION", member.name(), connection.address() + " ("
                    + member.connections().count() + " connections left)"));
        }
    }

    /** As {@link #gone(Member)} for one connection: only the last one's loss drops what the member waits for. */
    public void gone(Member member, Session connection) {
        if (member.connections().isLast(connection)) member.gone();
    }

    /** Which characters look alike, in brackets, or nothing when only case differs. */
    private static String because(String asked, String holder) {
        String likeness = Names.likeness(asked, holder);
        return likeness.isEmpty() ? "" : " (" + likeness + ")";
    }

    /** Carries out one request of a member who has joined. */
    public void handle(Member member, ChatInput input, String replyTo) {
        handle(member, null, input, replyTo);
    }

    /**
     * As {@link #handle(Member, ChatInput, String)}, sent on {@code connection}, one of the
     * member's (null: all of them): a quit ends that connection, and the member leaves
     * only with the last.
     */
    public void handle(Member member, Session connection, ChatInput input, String replyTo) {
        Session session = member.session();
        Room room = member.room();
        if (input instanceof InRoom in) {
            room = in.room() == null ? null : member.roomNamed(Names.room(in.room()));
            if (room == null) {
                if (!(in.input() instanceof Say)) member.awaitOut();
                refuse(session, member.name(), ErrorCode.NOT_IN_ROOM, "you are not in " + in.room()
                        + "; /join " + in.room() + " enters it", replyTo);
                return;
            }
            input = in.input() instanceof InRoom ? new Invalid(ErrorCode.BAD_FRAME, "a room inside a room") : in.input();
        }
        if (input instanceof Quit && connection != null && member.connections().dropIfOthers(connection)) {
            member.awaitOut();
            connection.deliver(new Left(room == null ? LOBBY : room.name(), 0, clock.instant(), member.name(),
                    LeaveReason.QUIT));
            refusals.note(LogLines.account("DISCONNECTION", member.name(), connection.address() + " ("
                    + member.connections().count() + " connections left)"));
            connection.close();
            return;
        }
        if (room == null && !(input instanceof Quit)) return; // in no room: they have left, the connection is ending
        // Only room messages are pipelined; everything else waits for them to be out, to keep its place.
        if (!(input instanceof Say)) member.awaitOut();
        if ((input instanceof Say || input instanceof Tell) && overRate(member, replyTo)) return;
        if ((input instanceof Say || input instanceof Tell) && muted(member, replyTo)) return;
        if (heavy(member, input) && overHeavyBudget(member, replyTo)) return;
        switch (input) {
            case Say say -> say(member, room, say.text(), replyTo);
            case Tell tell -> privateMessages.tell(member, tell.to(), tell.text(), replyTo);
            case Who who -> {
                List<String> names = who.all() ? everyone() : inRoom(room);
                session.deliver(new WhoList(who.all() ? null : room.name(), names, replyTo, awayAmong(names),
                        rolesAmong(names)));
            }
            case Away away -> {
                member.away(away.message());
                session.deliver(new Notice(member.away() == null ? "you are back"
                        : "you are away (" + member.away() + "); /back when you return", replyTo));
                tellSharing(member, new AwayChanged(member.name(), member.away()));
            }
            case Help help -> session.deliver(new Notice(String.join("\n", Commands.helpLines()), replyTo));
            case JoinRoom join -> enterRoom(member, join.room(), replyTo);
            case LeaveRoom leave -> backToLobby(member, room, replyTo);
            case PartRoom part -> part(member, part.room() == null ? room.name() : part.room(), replyTo);
            case MyRooms mine -> session.deliver(yourRooms(member, replyTo));
            case Rooms r -> session.deliver(new RoomList(roomList(), replyTo));
            case PageBack page -> past.pageBack(member, room, page, replyTo);
            case Search search -> past.search(member, room, search, replyTo);
            case Register register -> signIns.register(member, register.password(), replyTo);
            case NewPassword change -> signIns.changePassword(member, change.password(), replyTo);
            case Moderate moderate -> moderation.act(member, moderate, replyTo);
            case Bans bans -> moderation.list(member, replyTo);
            case Quit quit -> {
                leave(member, LeaveReason.QUIT);
                session.close();
            }
            case Invalid invalid -> refuse(session, member.name(), invalid.code(), invalid.problem(), replyTo);
            case InRoom in -> { } // unwrapped above
            case Nothing nothing -> { }
        }
    }

    /** Everyone online, here and on the other servers, in name order. */
    private List<String> everyone() {
        List<String> here = online.names(Integer.MAX_VALUE);
        List<Peers.Elsewhere> elsewhere = peers.elsewhere();
        if (elsewhere.isEmpty()) return here;
        return merged(here, elsewhere.stream().map(Peers.Elsewhere::name).toList());
    }

    /** Those in {@code room}, here and on the other servers, in name order. */
    /** Tells {@code event} once to each other member on this server who shares one of {@code member}'s rooms. */
    private static void tellSharing(Member member, Event event) {
        Set<Member> sharing = new LinkedHashSet<>();
        for (Room r : member.rooms()) sharing.addAll(List.of(r.present()));
        sharing.remove(member);
        Outgoing outgoing = new Outgoing(event);
        for (Member m : sharing) m.session().deliver(outgoing);
    }

    private List<String> inRoom(Room room) {
        List<String> here = room.names();
        List<Peers.Elsewhere> elsewhere = peers.elsewhere();
        if (elsewhere.isEmpty()) return here;
        return merged(here, elsewhere.stream().filter(e -> e.rooms().contains(room.name())).map(Peers.Elsewhere::name).toList());
    }

    private static List<String> merged(List<String> here, List<String> elsewhere) {
        List<String> all = new ArrayList<>(here);
        all.addAll(elsewhere);
        all.sort(java.util.Comparator.comparing(Names::key));
        return all;
    }

    /** The rooms with people in them, here or on the other servers. */
    private List<RoomInfo> roomList() {
        List<RoomInfo> here = rooms.list();
        List<Peers.Elsewhere> elsewhere = peers.elsewhere();
        if (elsewhere.isEmpty()) return here;
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (RoomInfo r : here) counts.merge(r.name(), r.members(), Integer::sum);
        for (Peers.Elsewhere e : elsewhere) {
            for (String r : e.rooms()) counts.merge(r, 1, Integer::sum);
        }
        List<RoomInfo> all = new ArrayList<>();
        counts.forEach((name, n) -> all.add(new RoomInfo(name, n)));
        return all;
    }

    /** Those of the names who are away, in the same order. */
    private List<String> awayAmong(List<String> names) {
        List<String> away = new ArrayList<>();
        for (String name : names) {
            Member m = online.get(name);
            if (m != null && m.away() != null) away.add(name);
        }
        return away;
    }

    /**
     * The roles of those of the names who are not plain members (guests, moderators,
     * admins), once the server has accounts; before that everyone is a guest and nothing
     * is marked, as before accounts existed.
     */
    private Map<String, Role> rolesAmong(List<String> names) {
        if (!signIns.anyAccounts()) return Map.of();
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String name : names) {
            Member m = online.get(name);
            if (m != null && m.role() != Role.MEMBER) roles.put(name, m.role());
        }
        return roles;
    }

    /** Tells someone (joined or not) that something they sent was refused, and notes it. */
    public void refuse(Session session, String name, ErrorCode code, String text, String replyTo) {
        refusals.refuse(session, name, code, text, replyTo);
    }

    /**
     * The member's connection has gone (its writer failed, it fell too far behind), though
     * its reader may still be busy: what it waits for from the store is dropped, so its
     * leave follows at once. Never blocks; safe from any thread.
     */
    public void gone(Member member) {
        member.gone();
    }

    /** The member is gone from every room they are in; safe to call more than once. */
    public void leave(Member member, LeaveReason reason) {
        member.connections().dropIfOthers(null); // no connection joins a member that is leaving
        member.gone();
        // The name is free once the last room has numbered the leave and before anyone there is
        // told: whoever sees that leave and comes back under the name gets it, and a join in that
        // room is numbered after the leave, so it can never be shown before it. The lobby goes
        // last, where most people are (in another room the name may be taken a moment longer).
        List<Room> in = new ArrayList<>(List.of(member.rooms()));
        if (in.remove(rooms.lobby())) in.add(rooms.lobby());
        if (in.isEmpty()) {
            free(member);
            return;
        }
        for (int i = 0; i < in.size(); i++) {
            Room room = in.get(i);
            Runnable numbered = i == in.size() - 1 ? () -> free(member) : () -> { };
            if (room.remove(member, reason, null, numbered)) rooms.closed(room);
        }
    }

    /** Lets go of the member's name; safe to call more than once. */
    private void free(Member member) {
        // The look-alike entries go before the name, so whoever gets the name next is not refused as looking like it.
        online.releaseLooks(member);
        if (online.release(Names.key(member.name()), member)) {
            addressBudgets.depart(AddressBudgets.host(member.session().address()));
            peers.release(member.name(), Names.lookalikes(member.name()));
        }
    }

    /** Tells everyone the server is going away and closes every session. */
    public void shutdown() {
        shuttingDown = true;
        for (Member member : online.members()) {
            member.session().deliver(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
            leave(member, LeaveReason.SERVER_SHUTDOWN);
            member.session().close();
        }
    }

    public int onlineCount() {
        return online.count();
    }

    private void say(Member member, Room room, String text, String replyTo) {
        String problem = Refusals.textProblem(text, limits.maxText());
        if (problem != null) {
            member.awaitOut();
            refusals.refuseText(member, problem, "a message needs some text", replyTo);
            return;
        }
        member.reserve();
        RoomLog.Turn turn;
        try {
            turn = room.say(member, text,
                    message -> member.session().deliver(new Accepted(replyTo, message.room(), message.seq(), 0)),
                    () -> refusals.unrecorded(member, replyTo));
        } catch (IOException e) {
            member.unreserve();
            member.awaitOut();
            refusals.unrecorded(member, replyTo);
            return;
        }
        if (turn == null) {
            member.unreserve(); // they left meanwhile: nobody hears a message after its sender's leave
            return;
        }
        member.sending(turn);
    }

    /**
     * Takes one of the member's message tokens; when there is none, refuses the message
     * with the time to wait and returns true. Only room and private messages count:
     * {@code /who}, {@code /help} and {@code /quit} are never held back.
     */
    private boolean overRate(Member member, String replyTo) {
        Duration wait = member.rate().take();
        if (wait.isZero()) return false;
        member.awaitOut();
        refusals.refuse(member.session(), member.name(),
                new Refused(ErrorCode.RATE_LIMITED, RateLimiter.retryText(wait), replyTo, millis(wait)));
        return true;
    }

    /** Refuses a muted member's message (it reaches nobody) and returns true; false when they may speak. */
    private boolean muted(Member member, String replyTo) {
        Sanction mute = moderation.muted(member);
        if (mute == null) return false;
        member.awaitOut();
        refusals.refuse(member.session(), member.name(), ErrorCode.MUTED, moderation.mutedText(mute), replyTo);
        return true;
    }

    /**
     * Requests that read the store or write two log lines: searches, history pages, room
     * changes. Talking in a room one is in already is none of those (a page switching tabs).
     */
    private static boolean heavy(Member member, ChatInput input) {
        if (input instanceof JoinRoom join && Names.roomProblem(join.room()) == null
                && member.roomNamed(Names.room(join.room())) != null) return false;
        return input instanceof Search || input instanceof PageBack || input instanceof JoinRoom
                || input instanceof LeaveRoom || input instanceof PartRoom;
    }

    /**
     * Takes a heavy-request token from the member's connection and from its address; when
     * either has none, refuses the request with the time to wait and returns true (the
     * connection's token goes back when the address had none: it paid for nothing).
     */
    private boolean overHeavyBudget(Member member, String replyTo) {
        Duration wait = member.heavy().take();
        String whose = "";
        if (wait.isZero()) {
            wait = member.addressHeavy().take();
            if (wait.isZero()) return false;
            member.heavy().giveBack();
            whose = " from " + AddressBudgets.host(member.session().address());
        }
        refusals.refuse(member.session(), member.name(), new Refused(ErrorCode.RATE_LIMITED,
                "too many searches, history pages and room changes" + whose + "; " + RateLimiter.retryText(wait), replyTo,
                millis(wait)));
        return true;
    }

    /** Whole milliseconds to wait, rounded up, at least 1: what retryAfterMs says. */
    private static long millis(Duration wait) {
        return Math.max(1, (wait.toNanos() + 999_999) / 1_000_000);
    }

    /**
     * {@code /join}: the member enters {@code requested} as well (opening it when nobody is
     * there) and talks there; when they are in it already, they only talk there from now on.
     */
    private void enterRoom(Member member, String requested, String replyTo) {
        String problem = Names.roomProblem(requested);
        if (problem != null) {
            refuse(member.session(), member.name(), ErrorCode.ROOM_INVALID, problem, replyTo);
            return;
        }
        String name = Names.room(requested);
        Room in = member.roomNamed(name);
        if (in != null && member.talkIn(in)) {
            member.session().deliver(yourRooms(member, replyTo));
            return;
        }
        if (member.rooms().length >= roomLimits.maxRoomsPerPerson()) {
            refuse(member.session(), member.name(), ErrorCode.IN_TOO_MANY_ROOMS, "you are in "
                    + member.rooms().length + " rooms, the most one person may be in here; /part one first", replyTo);
            return;
        }
        Room to = open(member, name, replyTo);
        if (to != null) enter(member, to, replyTo);
    }

    /**
     * {@code /part}: the member leaves {@code requested}, staying in their other rooms. The
     * last room is not left: a member is always somewhere. Parting it takes them back to the
     * lobby, and in the lobby alone they are told that {@code /quit} leaves the chat.
     */
    private void part(Member member, String requested, String replyTo) {
        Room room = member.roomNamed(Names.room(requested));
        if (room == null) {
            refuse(member.session(), member.name(), ErrorCode.NOT_IN_ROOM, "you are not in " + requested, replyTo);
            return;
        }
        if (member.rooms().length == 1) {
            if (room == rooms.lobby()) {
                refuse(member.session(), member.name(), ErrorCode.LAST_ROOM, "you are only in " + LOBBY
                        + ", where everyone starts; /quit leaves the chat", replyTo);
            } else {
                backToLobby(member, room, replyTo);
            }
            return;
        }
        if (room.remove(member, LeaveReason.PARTED, null)) rooms.closed(room);
        peers.moved(member.name(), member.roomNames());
        member.session().deliver(yourRooms(member, replyTo));
    }

    /**
     * {@code /leave}: out of {@code from} (the room they talk in, or the one the request
     * named), with a leave saying they moved to the lobby, and into the lobby, where they
     * talk from now on.
     */
    private void backToLobby(Member member, Room from, String replyTo) {
        Room lobby = rooms.lobby();
        if (from == lobby) {
            member.session().deliver(new Notice("you are in " + LOBBY + " already", replyTo));
            return;
        }
        if (from.remove(member, LeaveReason.MOVED, LOBBY)) rooms.closed(from);
        if (member.talkIn(lobby)) {
            peers.moved(member.name(), member.roomNames());
            member.session().deliver(yourRooms(member, replyTo));
        } else {
            enter(member, lobby, replyTo);
        }
    }

    /** The room named {@code name}, opened if need be; null when it cannot be, and the member was told why. */
    private Room open(Member member, String name, String replyTo) {
        Room to;
        try {
            to = rooms.open(name);
        } catch (UncheckedIOException e) {
            refuse(member.session(), member.name(), ErrorCode.HISTORY_UNAVAILABLE, "cannot open " + name
                    + " right now: the server cannot read its message history, which it needs to number the room's messages; try again later",
                    replyTo);
            return null;
        }
        if (to == null) {
            refuse(member.session(), member.name(), ErrorCode.TOO_MANY_ROOMS,
                    "there are " + roomLimits.maxRooms() + " rooms with people in them, the most this server keeps open; "
                            + "join one of those (/rooms lists them)", replyTo);
        }
        return to;
    }

    /** Into {@code to}, found open: welcomed there with its replay; the member talks there from now on. */
    private void enter(Member member, Room to, String replyTo) {
        String name = to.name();
        while (true) {
            Room room = to;
            // Above --announce-up-to only the first names, as in the welcome: entering a crowd must not cost a list of everyone.
            if (room.add(member, seq -> new RoomEntered(name, seq, room.names(limits.announceUpTo()), room.size(), replyTo),
                    replay(member, replyTo))) {
                // A leave of the whole member (a kick, a lost connection) took the rooms it found before this one was added.
                if (member.isGone() && room.remove(member, LeaveReason.CONNECTION_LOST, null)) rooms.closed(room);
                else peers.moved(member.name(), member.roomNames());
                return;
            }
            // It emptied and closed between finding and entering it: open it again (or, if that is
            // no longer allowed, go to the lobby, which never closes; the member must be somewhere).
            rooms.closed(room);
            Room again;
            try {
                again = rooms.open(name);
            } catch (UncheckedIOException e) {
                again = null; // the store cannot be read just now: the lobby needs no reading
            }
            if (again == null && member.rooms().length > 0) {
                refuse(member.session(), member.name(), ErrorCode.TOO_MANY_ROOMS, "cannot open " + name
                        + " right now; try again later", replyTo);
                return;
            }
            to = again != null ? again : rooms.lobby();
        }
    }

    /** The rooms the member is in and the one they talk in. */
    private static YourRooms yourRooms(Member member, String replyTo) {
        return new YourRooms(member.roomNames(), member.currentRoom(), replyTo);
    }

    /**
     * What a member entering a room is shown of its past. Half the send queue at most, so
     * the replay never crowds out what arrives live behind it.
     */
    private Room.Replay replay(Member member, String replyTo) {
        return new Room.Replay(member.replay(), limits.sendQueueBytes() / 2, replyTo);
    }

    /** A fresh connection token, never {@link Member#NOBODY}. */
    private long token() {
        long t;
        do {
            t = tokens.nextLong();
        } while (t == Member.NOBODY);
        return t;
    }

    /**
     * A joiner's welcome: how many are online and, sorted, everyone's name, or above
     * {@code --announce-up-to} only the first that many (a join storm into a big room must
     * not cost a list of everyone per join; {@code /who all} lists them all).
     */
    private Welcome welcome(String name, long seq, String replyTo) {
        // Runs under the lobby's lock as the join is numbered. The lobby's members are taken
        // as the room holds them at this number, not as "online" holds them: a name there
        // may still be joining (its join numbered after this welcome, which would then list
        // someone the joiner is later told joined) or have left before it (its name not yet
        // let go). Whoever is in another room is online and listed.
        Room lobby = rooms.lobby();
        int most = limits.announceUpTo();
        List<String> named = new ArrayList<>(Math.min(most, online.count()));
        boolean more = false;
        for (Member m : online.inKeyOrder()) {
            // In no room: still joining, or gone. A member's rooms change under each room's lock,
            // so under the lobby's they say whether the lobby holds them at this number.
            if (m.rooms().length == 0 || m.isIn(lobby) != lobby.holdsUnderLock(m)) continue;
            if (named.size() >= most) {
                more = true;
                break;
            }
            named.add(m.name());
        }
        // In a crowd the names stop at the first few and the count is the online count, as /who all would give.
        int count = more ? Math.max(online.count(), named.size() + 1) : named.size();
        List<Peers.Elsewhere> elsewhere = peers.elsewhere(); // a cluster's other servers: everyone there is online too
        if (!elsewhere.isEmpty()) {
            List<String> all = merged(named, elsewhere.stream().map(Peers.Elsewhere::name).toList());
            count += elsewhere.size();
            named = all.size() > most ? all.subList(0, most) : all;
        }
        return new Welcome(name, LOBBY, seq, named, count, replyTo);
    }
}

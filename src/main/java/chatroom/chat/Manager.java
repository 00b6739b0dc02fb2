package chatroom.chat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import java.time.Clock;
import java.util.Optional;

/**
 * The chat's rules: who is online under which name, rooms, room and private messages,
 * and what each person is told. It knows nothing of sockets: doors call it with what a
 * person asked and it answers through their {@link Session}. This is the front the doors
 * call: it wires the parts and sends each request to the one whose idea it is, signing in
 * ({@link Entrance}), what may be asked ({@link RequestChecks}), room and private messages
 * ({@link RoomMessages}, {@link PrivateMessages}), a member's rooms ({@link RoomMoves}),
 * lists ({@link Presence}), the past ({@link PastRequests}), moderation ({@link Moderation})
 * and leaving ({@link Departures}).
 */
public final class Manager {
    public static final String LOBBY = "#lobby";

    private final Limits limits;
    private final Online online = new Online();
    private final RoomLimits roomLimits;
    private final Refusals refusals;
    private final PrivateMessages privateMessages;
    private final PastRequests past;
    private final SignIns signIns;
    private final Moderation moderation;
    private final Entrance entrance;
    private final Departures departures;
    private final RequestChecks checks;
    private final RoomMessages roomMessages;
    private final RoomMoves moves;
    private final Presence presence;

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
        this.limits = limits;
        // Reads on threads of their own: a query must not hold a carrier that delivery needs.
        HistoryStore pooled = PooledReads.of(store);
        this.roomLimits = roomLimits;
        AddressBudgets addressBudgets = new AddressBudgets(clock, roomLimits.addressHeavyRate(), roomLimits.addressHeavyBurst());
        // The rooms' ordered logs: the embedded engine over this server's store, unless a cluster's is given.
        OpenRooms rooms = new OpenRooms(clock, recorder, logs != null ? logs : EmbeddedRoomLog.over(pooled), pooled, issued,
                limits.announceUpTo(), roomLimits.maxRooms());
        this.refusals = new Refusals(clock, recorder);
        // Ids go on after a restart, never repeat: not even one that was logged and then refused by the store.
        OfflineMessages offline = new OfflineMessages(accounts, online, refusals, limits.offlineQueue());
        this.privateMessages = new PrivateMessages(clock, recorder, pooled, online, refusals, limits.maxText(),
                Math.max(pooled.lastPrivateId(), issued.lastPrivateId()), offline, peers);
        peers.listen(privateMessages::fromElsewhere);
        peers.attend(() -> online.members().stream().map(m -> new Peers.Here(m.name(), m.roomNames())).toList());
        this.past = new PastRequests(pooled, limits, roomLimits, refusals);
        this.signIns = new SignIns(clock, accounts, refusals);
        this.departures = new Departures(clock, online, rooms, addressBudgets, peers, refusals);
        this.moderation = new Moderation(clock, accounts.accounts().sanctions(), accounts, online, refusals, peers,
                (member, put) -> departures.putOut(member, put.closing(), put.reason()));
        this.checks = new RequestChecks(moderation, refusals);
        this.roomMessages = new RoomMessages(limits.maxText(), refusals);
        this.moves = new RoomMoves(rooms, peers, limits, roomLimits, refusals);
        this.presence = new Presence(online, rooms, peers, signIns);
        this.entrance = new Entrance(clock, limits, roomLimits, online, rooms, addressBudgets, signIns, moderation, offline,
                peers, moves, refusals);
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
        return entrance.enter(session, requested, password, replyTo, replay);
    }

    /**
     * Whether {@code password} is the password of the registered name {@code requested},
     * for a door that checks it before joining (IRC's SASL PLAIN): null when it is, else
     * why not (told to the session as a join's refusal would be, the back-off included).
     */
    public ErrorCode checkPassword(Session session, String requested, String password, String replyTo) {
        return entrance.checkPassword(session, requested, password, replyTo);
    }

    /**
     * One of the member's connections ends ({@code reason}): when it was the last, the
     * member leaves; otherwise only that connection goes, the member stays.
     */
    public void leave(Member member, Session connection, LeaveReason reason) {
        departures.leave(member, connection, reason);
    }

    /** As {@link #gone(Member)} for one connection: only the last one's loss drops what the member waits for. */
    public void gone(Member member, Session connection) {
        if (member.connections().isLast(connection)) member.gone();
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
        if (input instanceof Quit && connection != null && departures.quitOne(member, connection, room)) return;
        if (room == null && !(input instanceof Quit)) return; // in no room: they have left, the connection is ending
        // Only room messages are pipelined; everything else waits for them to be out, to keep its place.
        if (!(input instanceof Say)) member.awaitOut();
        if (checks.refused(member, input, replyTo)) return;
        switch (input) {
            case Say say -> roomMessages.say(member, room, say.text(), replyTo);
            case Tell tell -> privateMessages.tell(member, tell.to(), tell.text(), replyTo);
            case Who who -> session.deliver(presence.who(room, who, replyTo));
            case Away away -> presence.away(member, away, replyTo);
            case Help help -> session.deliver(new Notice(String.join("\n", Commands.helpLines()), replyTo));
            case JoinRoom join -> moves.join(member, join.room(), replyTo);
            case LeaveRoom leave -> moves.backToLobby(member, room, replyTo);
            case PartRoom part -> moves.part(member, part.room() == null ? room.name() : part.room(), replyTo);
            case MyRooms mine -> session.deliver(RoomMoves.yourRooms(member, replyTo));
            case Rooms r -> session.deliver(presence.roomList(replyTo));
            case PageBack page -> past.pageBack(member, room, page, replyTo);
            case Span span -> past.span(member, room, span, replyTo);
            case Around around -> past.around(member, room, around, replyTo);
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
        departures.leave(member, reason);
    }

    /** Tells everyone the server is going away and closes every session. */
    public void shutdown() {
        entrance.close();
        departures.everyone();
    }

    public int onlineCount() {
        return online.count();
    }
}

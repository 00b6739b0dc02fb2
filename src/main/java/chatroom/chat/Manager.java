package chatroom.chat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import chatroom.history.HistoryStore;
import chatroom.history.Kind;
import chatroom.history.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat's rules: who is online under which name, rooms, room and private messages,
 * and what each person is told. It knows nothing of sockets: doors call it with what a
 * person asked and it answers through their {@link Session}.
 */
public final class Manager {
    public static final String LOBBY = "#lobby";

    private final Clock clock;
    private final Recorder recorder;
    private final Limits limits;
    /** By name key, kept in key order: lists of people come out sorted, and a welcome takes the first few. */
    private final ConcurrentSkipListMap<String, Member> online = new ConcurrentSkipListMap<>();
    /** How many are in {@link #online} (a skip list counts by walking). */
    private final AtomicInteger onlineCount = new AtomicInteger();
    /** The same members by each of {@link Names#lookalikes}: nobody may join looking like someone online. */
    private final Map<String, Member> looks = new ConcurrentHashMap<>();
    private final HistoryStore store;
    private final Issued issued;
    private final RoomLimits roomLimits;
    /** Rooms with people in them, by name; the lobby always. */
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Room lobby;
    private final AtomicLong privateIds;
    private final RejectThrottle rejects;
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
        this.clock = clock;
        this.recorder = recorder;
        this.limits = limits;
        this.store = store;
        this.issued = issued;
        this.roomLimits = roomLimits;
        this.lobby = newRoom(LOBBY);
        this.rooms.put(LOBBY, lobby);
        // Ids go on after a restart, never repeat: not even one that was logged and then refused by the store.
        this.privateIds = new AtomicLong(Math.max(store.lastPrivateId(), issued.lastPrivateId()));
        this.rejects = new RejectThrottle(clock);
    }

    public Limits limits() {
        return limits;
    }

    /** A connection arrived; it has not asked for a name yet. */
    public void connected(Session session) {
        tryRecord(LogLines.connect(session.address()));
    }

    /** A connection was turned away before it could ask for anything (too many connections): noted like a refusal. */
    public void turnedAway(String address, ErrorCode code, String text) {
        if (rejects.allow()) tryRecord(LogLines.reject(address, null, code, text + rejects.suppressedNote()));
    }

    /** A connection ended without its person ever having joined. */
    public void disconnected(Session session, String why) {
        tryRecord(LogLines.disconnect(session.address(), why));
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
        if (shuttingDown) {
            session.deliver(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
            session.close();
            return Optional.empty();
        }
        String name = Names.normalize(requested);
        String problem = Names.problem(name);
        if (problem != null) {
            refuse(session, null, ErrorCode.NAME_INVALID, problem, replyTo);
            return Optional.empty();
        }
        int count = replay < 0 ? roomLimits.replayOnJoin() : Math.min(replay, Commands.MAX_PAGE);
        Member member = new Member(name, session, new RateLimiter(clock, limits.rate(), limits.burst()), token(),
                count);
        String key = Names.key(name);
        Member holder = online.putIfAbsent(key, member);
        if (holder != null) {
            refuse(session, null, ErrorCode.NAME_TAKEN, holder.name() + " is already here", replyTo);
            return Optional.empty();
        }
        onlineCount.incrementAndGet();
        Member lookalike = holdLooks(member);
        if (lookalike != null) {
            if (online.remove(key, member)) onlineCount.decrementAndGet();
            refuse(session, null, ErrorCode.NAME_CONFUSABLE,
                    name + " looks too much like " + lookalike.name() + ", who is online; pick a name that looks different",
                    replyTo);
            return Optional.empty();
        }
        // The lobby never closes, so the first add always succeeds.
        try {
            lobby.add(member, seq -> welcome(name, seq, replyTo), replay(member, replyTo));
        } catch (RuntimeException e) {
            // A name held by nobody in any room would stay taken until the server stops, and trip its shutdown.
            releaseLooks(member);
            if (online.remove(key, member)) onlineCount.decrementAndGet();
            throw e;
        }
        return Optional.of(member);
    }

    /**
     * Registers every skeleton of the member's name, or none: returns who already holds
     * one, having let go of those it took. Taken in sorted order, so of two look-alikes
     * joining at once the one that gets their first shared skeleton gets them all, as a
     * lock order would: at least one of them gets in.
     */
    private Member holdLooks(Member member) {
        List<String> taken = new ArrayList<>();
        for (String look : Names.lookalikes(member.name())) {
            Member holder = looks.putIfAbsent(look, member);
            if (holder != null) {
                for (String t : taken) looks.remove(t, member);
                return holder;
            }
            taken.add(look);
        }
        return null;
    }

    /** Carries out one request of a member who has joined. */
    public void handle(Member member, ChatInput input, String replyTo) {
        Session session = member.session();
        // Only room messages are pipelined; everything else waits for them to be out, to keep its place.
        if (!(input instanceof Say)) member.awaitOut();
        if ((input instanceof Say || input instanceof Tell) && overRate(member, replyTo)) return;
        switch (input) {
            case Say say -> say(member, say.text(), replyTo);
            case Tell tell -> tell(member, tell.to(), tell.text(), replyTo);
            case Who who -> {
                List<String> names = who.all() ? everyone() : member.room().names();
                session.deliver(new WhoList(who.all() ? null : member.room().name(), names, replyTo, awayAmong(names)));
            }
            case Away away -> {
                member.away(away.message());
                session.deliver(new Notice(member.away() == null ? "you are back"
                        : "you are away (" + member.away() + "); /back when you return", replyTo));
            }
            case Help help -> session.deliver(new Notice(String.join("\n", Commands.helpLines()), replyTo));
            case JoinRoom join -> goTo(member, join.room(), replyTo);
            case LeaveRoom leave -> goTo(member, LOBBY, replyTo);
            case Rooms r -> session.deliver(new RoomList(roomList(), replyTo));
            case PageBack page -> pageBack(member, page, replyTo);
            case Search search -> search(member, search, replyTo);
            case Quit quit -> {
                leave(member, LeaveReason.QUIT);
                session.close();
            }
            case Invalid invalid -> refuse(session, member.name(), invalid.code(), invalid.problem(), replyTo);
            case Nothing nothing -> { }
        }
    }

    /** Those of the names who are away, in the same order. */
    private List<String> awayAmong(List<String> names) {
        List<String> away = new ArrayList<>();
        for (String name : names) {
            Member m = online.get(Names.key(name));
            if (m != null && m.away() != null) away.add(name);
        }
        return away;
    }

    /** Tells someone (joined or not) that something they sent was refused, and notes it. */
    public void refuse(Session session, String name, ErrorCode code, String text, String replyTo) {
        refuse(session, name, new Refused(code, text, replyTo));
    }

    private void refuse(Session session, String name, Refused refusal) {
        if (rejects.allow()) {
            tryRecord(LogLines.reject(session.address(), name, refusal.code(), refusal.text() + rejects.suppressedNote()));
        }
        session.deliver(refusal);
    }

    /** The member is gone; safe to call more than once. */
    public void leave(Member member, LeaveReason reason) {
        // The room hears the leave before the name is free, so a newcomer taking the name
        // can never be announced before the old holder's leave; the look-alike entry goes
        // before the name, so whoever gets the name next is not refused as looking like it.
        Room room = member.room();
        if (room.remove(member, reason, null)) rooms.remove(room.name(), room);
        releaseLooks(member);
        if (online.remove(Names.key(member.name()), member)) onlineCount.decrementAndGet();
    }

    private void releaseLooks(Member member) {
        for (String look : Names.lookalikes(member.name())) looks.remove(look, member);
    }

    /** Tells everyone the server is going away and closes every session. */
    public void shutdown() {
        shuttingDown = true;
        for (Member member : List.copyOf(online.values())) {
            member.session().deliver(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
            leave(member, LeaveReason.SERVER_SHUTDOWN);
            member.session().close();
        }
    }

    public int onlineCount() {
        return onlineCount.get();
    }

    private void say(Member member, String text, String replyTo) {
        String problem = textProblem(text);
        if (problem != null) {
            member.awaitOut();
            refuse(member.session(), member.name(), problem.isEmpty() ? ErrorCode.EMPTY_TEXT : ErrorCode.TEXT_TOO_LONG,
                    problem.isEmpty() ? "a message needs some text" : problem, replyTo);
            return;
        }
        member.reserve();
        Sequencer.Step step;
        try {
            step = member.room().say(member, text,
                    message -> member.session().deliver(new Accepted(replyTo, message.room(), message.seq(), 0)),
                    () -> refuseUnrecorded(member, replyTo));
        } catch (IOException e) {
            member.unreserve();
            member.awaitOut();
            refuseUnrecorded(member, replyTo);
            return;
        }
        if (step == null) {
            member.unreserve(); // they left meanwhile: nobody hears a message after its sender's leave
            return;
        }
        member.sending(step);
    }

    private void tell(Member member, List<String> to, String text, String replyTo) {
        String problem = textProblem(text);
        if (problem != null) {
            refuse(member.session(), member.name(), problem.isEmpty() ? ErrorCode.EMPTY_TEXT : ErrorCode.TEXT_TOO_LONG,
                    problem.isEmpty() ? "a private message needs some text" : problem, replyTo);
            return;
        }
        Map<String, Member> recipients = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : to) {
            Member m = online.get(Names.key(name));
            if (m == null || !m.welcomed()) { // someone still joining is not online yet
                if (!missing.contains(name)) missing.add(name);
            } else {
                recipients.putIfAbsent(Names.key(m.name()), m);
            }
        }
        if (!recipients.isEmpty()) {
            List<String> names = recipients.values().stream().map(Member::name).toList();
            PrivateMessage message = new PrivateMessage(privateIds.incrementAndGet(), clock.instant(), member.name(), names, text);
            List<Long> parties = new ArrayList<>(recipients.size() + 1);
            parties.add(member.token());
            for (Member m : recipients.values()) if (m != member) parties.add(m.token());
            try {
                recorder.record(message.time(), LogLines.of(message));
            } catch (IOException e) {
                refuseUnrecorded(member, replyTo);
                return;
            }
            try {
                store.append(new StoredEvent(0, Kind.PRIVATE, null, 0, message.id(), message.time(), member.name(), names,
                        text, parties));
            } catch (IOException e) {
                // The log has it and nobody got it: say so there, as for a room message.
                tryRecord(LogLines.unstoredPrivate(message.id()));
                refuseUnrecorded(member, replyTo);
                return;
            }
            Outgoing outgoing = new Outgoing(message);
            // The sender's copy first: a quick reply must not reach them above their own message.
            member.session().deliver(outgoing);
            for (Member m : recipients.values()) {
                if (m != member) m.deliverDirect(outgoing);
            }
            member.session().deliver(new Accepted(replyTo, null, 0, message.id()));
            // As the sender's own notice, after the message was accepted: "* bob is away: lunch".
            for (Member m : recipients.values()) {
                String away = m.away();
                if (m != member && away != null) member.session().deliver(new Notice(m.name() + " is away: " + away, null));
            }
        }
        for (String name : missing) {
            refuse(member.session(), member.name(), ErrorCode.NOT_ONLINE, name + " is not online", replyTo);
        }
    }

    /**
     * Takes one of the member's message tokens; when there is none, refuses the message
     * with the time to wait and returns true. Only room and private messages count:
     * {@code /who}, {@code /help} and {@code /quit} are never held back.
     */
    private boolean overRate(Member member, String replyTo) {
        Duration wait = member.rate().take();
        if (wait.isZero()) return false;
        long millis = Math.max(1, (wait.toNanos() + 999_999) / 1_000_000);
        member.awaitOut();
        refuse(member.session(), member.name(),
                new Refused(ErrorCode.RATE_LIMITED, RateLimiter.retryText(wait), replyTo, millis));
        return true;
    }

    /** Null when the text may be sent; "" when it is empty; otherwise why not. */
    private String textProblem(String text) {
        if (text.isBlank()) return "";
        int length = text.codePointCount(0, text.length());
        if (length > limits.maxText()) {
            return "a message has at most " + limits.maxText() + " characters, this one has " + length;
        }
        return null;
    }

    private void refuseUnrecorded(Member member, String replyTo) {
        member.session().deliver(new Refused(ErrorCode.LOG_UNAVAILABLE,
                "the server cannot record messages right now (its log or history store cannot be written); nothing was sent, try again later",
                replyTo));
    }

    /** Takes the member to {@code requested} (opening it when nobody is there) with a leave in the room they were in. */
    private void goTo(Member member, String requested, String replyTo) {
        String problem = Names.roomProblem(requested);
        if (problem != null) {
            refuse(member.session(), member.name(), ErrorCode.ROOM_INVALID, problem, replyTo);
            return;
        }
        String name = Names.room(requested);
        Room from = member.room();
        if (from.name().equals(name)) {
            member.session().deliver(new Notice("you are in " + name + " already", replyTo));
            return;
        }
        Room to;
        try {
            to = open(name);
        } catch (UncheckedIOException e) {
            refuse(member.session(), member.name(), ErrorCode.HISTORY_UNAVAILABLE, "cannot open " + name
                    + " right now: the server cannot read its message history, which it needs to number the room's messages; try again later",
                    replyTo);
            return;
        }
        if (to == null) {
            refuse(member.session(), member.name(), ErrorCode.TOO_MANY_ROOMS,
                    "there are " + roomLimits.maxRooms() + " rooms with people in them, the most this server keeps open; "
                            + "join one of those (/rooms lists them)", replyTo);
            return;
        }
        if (from.remove(member, LeaveReason.MOVED, name)) rooms.remove(from.name(), from);
        while (true) {
            Room room = to;
            // Above --announce-up-to only the first names, as in the welcome: entering a crowd must not cost a list of everyone.
            if (room.add(member, seq -> new RoomEntered(name, seq, room.names(limits.announceUpTo()), room.size(), replyTo),
                    replay(member, replyTo))) return;
            // It emptied and closed between finding and entering it: open it again (or, if that is
            // no longer allowed, go to the lobby, which never closes; the member must be somewhere).
            rooms.remove(name, room);
            Room again;
            try {
                again = open(name);
            } catch (UncheckedIOException e) {
                again = null; // the store cannot be read just now: the lobby needs no reading
            }
            to = again != null ? again : lobby;
        }
    }

    /** The room with this name, opened when nobody is in it; null when no more rooms may be open. */
    private Room open(String name) {
        Room room = rooms.get(name);
        if (room != null) return room;
        synchronized (rooms) {
            room = rooms.get(name);
            if (room != null) return room;
            if (rooms.size() >= roomLimits.maxRooms()) return null;
            room = newRoom(name);
            rooms.put(name, room);
            return room;
        }
    }

    private Room newRoom(String name) {
        return new Room(name, clock, recorder, store, issued, limits.announceUpTo());
    }

    private List<RoomInfo> roomList() {
        List<RoomInfo> list = new ArrayList<>();
        for (Room room : rooms.values()) {
            int size = room.size();
            if (size > 0) list.add(new RoomInfo(room.name(), size));
        }
        list.sort(Comparator.comparing(RoomInfo::name));
        return list;
    }

    /**
     * What a member entering a room is shown of its past. Half the send queue at most, so
     * the replay never crowds out what arrives live behind it.
     */
    private Room.Replay replay(Member member, String replyTo) {
        return new Room.Replay(member.replay(), limits.sendQueueBytes() / 2, replyTo);
    }

    private void pageBack(Member member, PageBack page, String replyTo) {
        Room room = member.room();
        long before = page.before() > 0 ? page.before() : member.historyCursor();
        int count = Math.clamp(page.count(), 1, Commands.MAX_PAGE);
        List<StoredEvent> older;
        try {
            older = store.before(room.name(), before, count, member.token());
        } catch (UncheckedIOException e) {
            historyUnreadable(member, replyTo);
            return;
        }
        Past.Page found = Past.Page.of(older, count, limits.sendQueueBytes() / 2);
        if (!found.messages().isEmpty()) member.historyCursor(found.cursor());
        member.session().deliver(new History(room.name(), found.messages(), found.more(),
                found.messages().isEmpty() ? before : found.cursor(), replyTo));
    }

    private void search(Member member, Search search, String replyTo) {
        String problem = textProblem(search.text());
        if (problem != null) {
            refuse(member.session(), member.name(), problem.isEmpty() ? ErrorCode.EMPTY_TEXT : ErrorCode.TEXT_TOO_LONG,
                    problem.isEmpty() ? "/search needs some text to look for" : problem, replyTo);
            return;
        }
        long before = search.before() > 0 ? search.before() : Long.MAX_VALUE;
        List<StoredEvent> matches;
        try {
            matches = store.search(List.of(member.room().name()), search.text(), member.token(), before, SEARCH_PAGE);
        } catch (UncheckedIOException e) {
            historyUnreadable(member, replyTo);
            return;
        }
        Past.Page found = Past.Page.of(matches, SEARCH_PAGE, limits.sendQueueBytes() / 2);
        member.session().deliver(new Found(search.text(), found.messages(), found.more(), found.cursor(), replyTo));
    }

    /** The store could not be read (it has said why on the console); the member hears only that. */
    private void historyUnreadable(Member member, String replyTo) {
        refuse(member.session(), member.name(), ErrorCode.HISTORY_UNAVAILABLE,
                "the server cannot read its message history right now; try again later", replyTo);
    }

    /** Matches shown per search: enough to find something, few enough to read; older ones page with {@code before}. */
    static final int SEARCH_PAGE = 50;

    /** A fresh connection token, never {@link Member#NOBODY}. */
    private long token() {
        long t;
        do {
            t = tokens.nextLong();
        } while (t == Member.NOBODY);
        return t;
    }

    /** Everyone online, sorted by their name keys (the map's order: nothing is sorted or computed again). */
    private List<String> everyone() {
        return everyone(Integer.MAX_VALUE);
    }

    /** The first {@code most} of {@link #everyone()}. */
    private List<String> everyone(int most) {
        List<String> names = new ArrayList<>(Math.min(most, onlineCount.get()));
        for (Member m : online.values()) {
            if (names.size() >= most) break;
            names.add(m.name());
        }
        return names;
    }

    /**
     * A joiner's welcome: how many are online and, sorted, everyone's name, or above
     * {@code --announce-up-to} only the first that many (a join storm into a big room must
     * not cost a list of everyone per join; {@code /who all} lists them all).
     */
    private Welcome welcome(String name, long seq, String replyTo) {
        List<String> named = everyone(limits.announceUpTo());
        return new Welcome(name, LOBBY, seq, named, Math.max(onlineCount.get(), named.size()), replyTo);
    }

    private void tryRecord(String line) {
        try {
            recorder.record(clock.instant(), line);
        } catch (IOException e) {
            // Connections and refusals are not worth refusing service over.
        }
    }
}

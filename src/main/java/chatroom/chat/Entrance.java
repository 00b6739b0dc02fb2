package chatroom.chat;

import chatroom.chat.Event.*;
import chatroom.chat.Manager.Entry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Signing in: the name checked, a ban, the account ({@link SignIns}), the name and its
 * look-alikes claimed here and in the cluster, then the lobby's welcome and replay and
 * what waited for the account. An account already online takes the new connection into
 * its member instead. On the joiner's reader thread, under no lock but the lobby's.
 */
final class Entrance {
    private final Clock clock;
    private final Limits limits;
    private final RoomLimits roomLimits;
    private final Online online;
    private final OpenRooms rooms;
    private final AddressBudgets addressBudgets;
    private final SignIns signIns;
    private final Moderation moderation;
    private final OfflineMessages offline;
    private final Peers peers;
    private final RoomMoves moves;
    private final Refusals refusals;
    private final SecureRandom tokens = new SecureRandom();
    private volatile boolean closed;

    Entrance(Clock clock, Limits limits, RoomLimits roomLimits, Online online, OpenRooms rooms, AddressBudgets addressBudgets,
            SignIns signIns, Moderation moderation, OfflineMessages offline, Peers peers, RoomMoves moves, Refusals refusals) {
        this.clock = clock;
        this.limits = limits;
        this.roomLimits = roomLimits;
        this.online = online;
        this.rooms = rooms;
        this.addressBudgets = addressBudgets;
        this.signIns = signIns;
        this.moderation = moderation;
        this.offline = offline;
        this.peers = peers;
        this.moves = moves;
        this.refusals = refusals;
    }

    /** From now on every joiner is told the server is shutting down. */
    void close() {
        closed = true;
    }

    /** See {@link Manager#enter}. */
    Entry enter(Session session, String requested, String password, String replyTo, int replay) {
        if (closed) {
            session.deliver(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
            session.close();
            return new Entry(null, ErrorCode.SHUTTING_DOWN);
        }
        String name = Names.normalize(requested);
        String problem = Names.problem(name);
        if (problem != null) return refused(session, ErrorCode.NAME_INVALID, problem, replyTo);
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
            return refused(session, ErrorCode.NAME_TAKEN, holder.name() + " is already here", replyTo);
        }
        Member lookalike = online.holdLooks(member);
        if (lookalike != null) {
            online.release(key, member);
            addressBudgets.depart(host);
            return refuseLookalike(session, name, lookalike.name(), replyTo);
        }
        Peers.Holder elsewhere;
        try {
            elsewhere = peers.claim(name, Names.lookalikes(name), Manager.LOBBY, verdict.admitted().role() != Role.GUEST);
        } catch (IOException e) {
            unclaim(member, key, host);
            return refused(session, ErrorCode.LOG_UNAVAILABLE,
                    "the servers cannot check the name with each other right now; try again in a moment", replyTo);
        }
        if (elsewhere != null) {
            unclaim(member, key, host);
            if (elsewhere.lookalike()) return refuseLookalike(session, name, elsewhere.name(), replyTo);
            return refused(session, ErrorCode.NAME_TAKEN, elsewhere.name() + " is already here", replyTo);
        }
        // The lobby never closes, so the first add always succeeds.
        try {
            rooms.lobby().add(member, seq -> welcome(shown, seq, replyTo), moves.replay(member, replyTo));
        } catch (RuntimeException e) {
            // A name held by nobody in any room would stay taken until the server stops, and trip its shutdown.
            unclaim(member, key, host);
            peers.release(name, Names.lookalikes(name));
            throw e;
        }
        offline.handOut(member);
        return new Entry(member, null);
    }

    /** See {@link Manager#checkPassword}. */
    ErrorCode checkPassword(Session session, String requested, String password, String replyTo) {
        String name = Names.normalize(requested);
        String problem = Names.problem(name);
        if (problem != null) return refused(session, ErrorCode.NAME_INVALID, problem, replyTo).refused();
        return signIns.check(session, name, password, replyTo);
    }

    private Entry refused(Session session, ErrorCode code, String text, String replyTo) {
        refusals.refuse(session, null, code, text, replyTo);
        return new Entry(null, code);
    }

    /** A joiner's name and look-alikes let go here, before they were in any room. */
    private void unclaim(Member member, String key, String host) {
        online.releaseLooks(member);
        online.release(key, member);
        addressBudgets.depart(host);
    }

    private Entry refuseLookalike(Session session, String name, String holder, String replyTo) {
        return refused(session, ErrorCode.NAME_CONFUSABLE, name + " looks too much like " + holder + ", who is online"
                + because(name, holder) + "; pick a name that looks different", replyTo);
    }

    /** Which characters look alike, in brackets, or nothing when only case differs. */
    private static String because(String asked, String holder) {
        String likeness = Names.likeness(asked, holder);
        return likeness.isEmpty() ? "" : " (" + likeness + ")";
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
        connection.deliver(new Welcome(member.name(), Manager.LOBBY, 0, online.names(limits.announceUpTo()), online.count(),
                replyTo));
        signedInAgain(member, connection);
        return true;
    }

    private void signedInAgain(Member member, Session connection) {
        int count = member.connections().count();
        refusals.note(LogLines.account("CONNECTION", member.name(), connection.address() + " (" + count + " connections)"));
        connection.deliver(new Notice("you are signed in as " + member.name() + " on " + count
                + " connections; each sees what is sent to " + member.name(), null));
        // Only then: a member in the lobby alone is welcomed as before rooms were several.
        if (member.rooms().length > 1) connection.deliver(RoomMoves.yourRooms(member, null));
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
            List<String> all = Presence.merged(named, elsewhere.stream().map(Peers.Elsewhere::name).toList());
            count += elsewhere.size();
            named = all.size() > most ? all.subList(0, most) : all;
        }
        return new Welcome(name, Manager.LOBBY, seq, named, count, replyTo);
    }
}

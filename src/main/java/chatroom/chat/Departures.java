package chatroom.chat;

import chatroom.chat.Event.*;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaving: one connection of a member (a quit, a loss, a timeout; the member leaves with
 * its last), the whole member (from each of their rooms, the lobby last, the name freed in
 * that last leave's turn), someone put out by a moderator, and everyone at shutdown.
 */
final class Departures {
    private final Clock clock;
    private final Online online;
    private final OpenRooms rooms;
    private final AddressBudgets addressBudgets;
    private final Peers peers;
    private final Refusals refusals;

    Departures(Clock clock, Online online, OpenRooms rooms, AddressBudgets addressBudgets, Peers peers, Refusals refusals) {
        this.clock = clock;
        this.online = online;
        this.rooms = rooms;
        this.addressBudgets = addressBudgets;
        this.peers = peers;
        this.refusals = refusals;
    }

    /** One of the member's connections ends: when it was the last, the member leaves; otherwise only it goes. */
    void leave(Member member, Session connection, LeaveReason reason) {
        if (!member.connections().dropIfOthers(connection)) leave(member, reason);
        else connectionLeft(member, connection);
    }

    /**
     * {@code /quit} on {@code connection}, one of several of the member's: only it goes, told
     * it left {@code room}. False, doing nothing, when it is the member's last (the member quits).
     */
    boolean quitOne(Member member, Session connection, Room room) {
        if (!member.connections().dropIfOthers(connection)) return false;
        member.awaitOut();
        connection.deliver(new Left(room == null ? Manager.LOBBY : room.name(), 0, clock.instant(), member.name(),
                LeaveReason.QUIT));
        connectionLeft(member, connection);
        connection.close();
        return true;
    }

    private void connectionLeft(Member member, Session connection) {
        refusals.note(LogLines.account("DISCONNECTION", member.name(), connection.address() + " ("
                + member.connections().count() + " connections left)"));
    }

    /** The member is gone from every room they are in; safe to call more than once. */
    void leave(Member member, LeaveReason reason) {
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

    /** A member kicked or banned: silenced (a private message going out now goes out whole first), told, out, closed. */
    void putOut(Member member, Closing closing, LeaveReason reason) {
        member.silence();
        sendOff(member, closing, reason);
    }

    /** Tells everyone the server is going away and closes every session. */
    void everyone() {
        for (Member member : online.members()) {
            sendOff(member, new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"), LeaveReason.SERVER_SHUTDOWN);
        }
    }

    private void sendOff(Member member, Closing closing, LeaveReason reason) {
        member.session().deliver(closing);
        leave(member, reason);
        member.session().close();
    }
}

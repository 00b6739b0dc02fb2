package chatroom.chat;

import chatroom.chat.Event.*;
import java.io.UncheckedIOException;

/**
 * A member's rooms: {@code /join} (entering one more room, or talking in one they are in),
 * {@code /part} (leaving one, staying in the others) and {@code /leave} (back to the lobby).
 * A member is always in at least one room; in a cluster each change is told to
 * {@link Peers#moved}.
 */
final class RoomMoves {
    private final OpenRooms rooms;
    private final Peers peers;
    private final Limits limits;
    private final RoomLimits roomLimits;
    private final Refusals refusals;

    RoomMoves(OpenRooms rooms, Peers peers, Limits limits, RoomLimits roomLimits, Refusals refusals) {
        this.rooms = rooms;
        this.peers = peers;
        this.limits = limits;
        this.roomLimits = roomLimits;
        this.refusals = refusals;
    }

    /**
     * {@code /join}: the member enters {@code requested} as well (opening it when nobody is
     * there) and talks there; when they are in it already, they only talk there from now on.
     */
    void join(Member member, String requested, String replyTo) {
        String problem = Names.roomProblem(requested);
        if (problem != null) {
            refuse(member, ErrorCode.ROOM_INVALID, problem, replyTo);
            return;
        }
        String name = Names.room(requested);
        Room in = member.roomNamed(name);
        if (in != null && member.talkIn(in)) {
            member.session().deliver(yourRooms(member, replyTo));
            return;
        }
        if (member.rooms().length >= roomLimits.maxRoomsPerPerson()) {
            refuse(member, ErrorCode.IN_TOO_MANY_ROOMS, "you are in " + member.rooms().length
                    + " rooms, the most one person may be in here; /part one first", replyTo);
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
    void part(Member member, String requested, String replyTo) {
        Room room = member.roomNamed(Names.room(requested));
        if (room == null) {
            refuse(member, ErrorCode.NOT_IN_ROOM, "you are not in " + requested, replyTo);
            return;
        }
        if (member.rooms().length == 1) {
            if (room == rooms.lobby()) {
                refuse(member, ErrorCode.LAST_ROOM, "you are only in " + Manager.LOBBY
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
    void backToLobby(Member member, Room from, String replyTo) {
        Room lobby = rooms.lobby();
        if (from == lobby) {
            member.session().deliver(new Notice("you are in " + Manager.LOBBY + " already", replyTo));
            return;
        }
        if (from.remove(member, LeaveReason.MOVED, Manager.LOBBY)) rooms.closed(from);
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
            refuse(member, ErrorCode.HISTORY_UNAVAILABLE, "cannot open " + name
                    + " right now: the server cannot read its message history, which it needs to number the room's messages; try again later",
                    replyTo);
            return null;
        }
        if (to == null) {
            refuse(member, ErrorCode.TOO_MANY_ROOMS,
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
                refuse(member, ErrorCode.TOO_MANY_ROOMS, "cannot open " + name + " right now; try again later", replyTo);
                return;
            }
            to = again != null ? again : rooms.lobby();
        }
    }

    /** The rooms the member is in and the one they talk in. */
    static YourRooms yourRooms(Member member, String replyTo) {
        return new YourRooms(member.roomNames(), member.currentRoom(), replyTo);
    }

    /**
     * What a member entering a room is shown of its past. Half the send queue at most, so
     * the replay never crowds out what arrives live behind it.
     */
    Room.Replay replay(Member member, String replyTo) {
        return new Room.Replay(member.replay(), limits.sendQueueBytes() / 2, replyTo);
    }

    private void refuse(Member member, ErrorCode code, String text, String replyTo) {
        refusals.refuse(member.session(), member.name(), code, text, replyTo);
    }
}

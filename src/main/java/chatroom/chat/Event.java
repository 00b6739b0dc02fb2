package chatroom.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the chat tells one member. Doors encode these for their wire; the rules
 * that produce them never know which door a member came through. {@code replyTo} is
 * the id the client put on the request being answered, or null.
 */
public sealed interface Event {

    /**
     * About how many bytes the event takes on the wire, for bounding a member's outbound
     * queue: its text plus {@value #OVERHEAD} for the frame around it. Text outside ASCII
     * takes more bytes than it counts; the bound stays within a small factor of the truth.
     */
    default int weight() {
        return OVERHEAD;
    }

    int OVERHEAD = 96;

    record RoomMessage(String room, long seq, Instant time, String from, String text) implements Event {
        @Override
        public int weight() {
            return OVERHEAD + text.length();
        }
    }

    /**
     * {@code waited}: it was sent while the recipient's account was offline, kept, and is
     * delivered now that it signed in ({@code time} is still when it was sent).
     */
    record PrivateMessage(long id, Instant time, String from, List<String> to, String text, boolean waited)
            implements Event {
        public PrivateMessage(long id, Instant time, String from, List<String> to, String text) {
            this(id, time, from, to, text, false);
        }

        /** The same message, as delivered to an account that was away when it was sent. */
        public PrivateMessage waiting() {
            return new PrivateMessage(id, time, from, to, text, true);
        }

        @Override
        public int weight() {
            return OVERHEAD + text.length() + 16 * to.size();
        }
    }

    record Joined(String room, long seq, Instant time, String name) implements Event {}

    /** {@code to} is the room the member went to when the reason is {@link LeaveReason#MOVED}, else null. */
    record Left(String room, long seq, Instant time, String name, LeaveReason reason, String to) implements Event {
        public Left(String room, long seq, Instant time, String name, LeaveReason reason) {
            this(room, seq, time, name, reason, null);
        }

        /** The reason as people read it: "quit", "moved to #games". */
        public String why() {
            return to == null ? reason.text() : reason.text() + " to " + to;
        }
    }

    /**
     * The member is now in {@code room}, whose join of them got {@code seq}; {@code count}
     * people are there, and {@code members} names them all or, in a crowd (more than
     * {@code --announce-up-to}), the first of them in name order.
     */
    record RoomEntered(String room, long seq, List<String> members, int count, String replyTo) implements Event {
        /** Entering a room, naming everyone there. */
        public RoomEntered(String room, long seq, List<String> members, String replyTo) {
            this(room, seq, members, members.size(), replyTo);
        }

        /** Whether {@code members} leaves people out. */
        public boolean partial() {
            return count > members.size();
        }

        @Override
        public int weight() {
            return OVERHEAD + 16 * members.size();
        }
    }

    /**
     * The rooms the member is in, in the order entered, and {@code current}, the one
     * where what they type goes (the terminal's and the plain door's room).
     */
    record YourRooms(List<String> rooms, String current, String replyTo) implements Event {
        @Override
        public int weight() {
            return OVERHEAD + 24 * rooms.size();
        }
    }

    /** One room and how many people are in it. */
    record RoomInfo(String name, int members) {}

    /** The rooms that have people in them. */
    record RoomList(List<RoomInfo> rooms, String replyTo) implements Event {
        @Override
        public int weight() {
            return OVERHEAD + 24 * rooms.size();
        }
    }

    /**
     * Messages from before now, oldest first ({@link RoomMessage}s of {@code room} and the
     * member's own {@link PrivateMessage}s), shown apart from live ones. {@code more} says
     * whether older ones exist; {@code cursor} is what a client passes as {@code before}
     * to get them.
     */
    record History(String room, List<Event> messages, boolean more, long cursor, String replyTo) implements Event {
        @Override
        public int weight() {
            return OVERHEAD + Past.weight(messages);
        }
    }

    /**
     * Messages whose text contains {@code query}, oldest first; {@code more} and {@code cursor} as in {@link History}.
     * {@code stoppedAfter} is how many messages the search looked at when it stopped before finding a page (a
     * search's cost is bounded); 0 when it looked at all it had to.
     */
    record Found(String query, List<Event> messages, boolean more, long cursor, String replyTo, int stoppedAfter)
            implements Event {
        /** A search that looked at everything it had to. */
        public Found(String query, List<Event> messages, boolean more, long cursor, String replyTo) {
            this(query, messages, more, cursor, replyTo, 0);
        }

        @Override
        public int weight() {
            return OVERHEAD + query.length() + Past.weight(messages);
        }
    }

    /**
     * The name was accepted: {@code seq} is the room's number of this join; {@code count}
     * people are online, and {@code online} names them all or, in a crowd (more than
     * {@code --announce-up-to}), the first of them in name order.
     */
    record Welcome(String name, String room, long seq, List<String> online, int count, String replyTo) implements Event {
        /** A welcome naming everyone online. */
        public Welcome(String name, String room, long seq, List<String> online, String replyTo) {
            this(name, room, seq, online, online.size(), replyTo);
        }

        /** Whether {@code online} leaves people out. */
        public boolean partial() {
            return count > online.size();
        }

        @Override
        public int weight() {
            return OVERHEAD + 16 * online.size();
        }
    }

    /** {@code room} is null when the list is of everyone online. */
    /**
     * {@code roles} has the role of each listed person who is not a plain member (a guest,
     * a moderator, an admin), once the server has accounts; empty before.
     */
    record WhoList(String room, List<String> names, String replyTo, List<String> away, Map<String, Role> roles)
            implements Event {
        public WhoList(String room, List<String> names, String replyTo) {
            this(room, names, replyTo, List.of());
        }

        public WhoList(String room, List<String> names, String replyTo, List<String> away) {
            this(room, names, replyTo, away, Map.of());
        }

        @Override
        public int weight() {
            return OVERHEAD + 16 * names.size();
        }
    }

    /** A request was carried out: a room message got {@code seq}, a private one {@code privateId}. */
    record Accepted(String replyTo, String room, long seq, long privateId) implements Event {}

    /**
     * A request was refused; the connection carries on. {@code retryAfterMillis} is how
     * long to wait before trying again, when that is what the refusal is about, else 0.
     */
    record Refused(ErrorCode code, String text, String replyTo, long retryAfterMillis) implements Event {
        public Refused(ErrorCode code, String text, String replyTo) {
            this(code, text, replyTo, 0);
        }
    }

    /** Information for the member alone, such as the help text. */
    record Notice(String text, String replyTo) implements Event {}

    /** The server ends this connection: the last thing it sends. */
    record Closing(ErrorCode code, String text) implements Event {}

    /** Keep-alive: the server has heard nothing for a while and asks for a sign of life. */
    record Ping() implements Event {}

    /**
     * Someone who shares a room with the member set an away message ({@code message}) or
     * came back (null). Not part of any room's order; doors that show presence use it
     * (IRC's away-notify), the others may ignore it.
     */
    record AwayChanged(String name, String message) implements Event {}

    /** Keep-alive: the answer to a client's ping. */
    record Pong(String replyTo) implements Event {}
}

package chatroom.chat;

import java.time.Duration;
import java.util.List;

/** What a person asks the chat to do: one typed line or one structured frame. */
public sealed interface ChatInput {

    /** A message to the room. */
    record Say(String text) implements ChatInput {}

    /** A private message to the named people; the text is kept exactly. */
    record Tell(List<String> to, String text) implements ChatInput {}

    /** The people in one's room, or everyone online. */
    record Who(boolean all) implements ChatInput {}

    record Help() implements ChatInput {}

    /**
     * Enter a room as well as those one is in (opening it when nobody is there), and talk
     * there from now on; in it already: only talk there from now on.
     */
    record JoinRoom(String room) implements ChatInput {}

    /** Leave one's current room and go back to the lobby (as before one could be in several rooms). */
    record LeaveRoom() implements ChatInput {}

    /** Leave {@code room} (null: the current one), staying in the others. */
    record PartRoom(String room) implements ChatInput {}

    /** The rooms one is in, and which is current. */
    record MyRooms() implements ChatInput {}

    /**
     * {@code input} about {@code room}, one of those one is in, rather than the current
     * room: a message goes there, {@code /who}, {@code /history}, {@code /search} and a
     * bare {@code /part} are about it. Doors that show several rooms at once (the web
     * page, IRC) send this; anything else inside it is done as if sent alone.
     */
    record InRoom(String room, ChatInput input) implements ChatInput {}

    /** The rooms with people in them. */
    record Rooms() implements ChatInput {}

    /**
     * Up to {@code count} messages of one's room from before {@code before} (a cursor from
     * an earlier page), or, when {@code before} is 0, from before the oldest one shown so far.
     */
    record PageBack(int count, long before) implements ChatInput {}

    /**
     * Up to {@code count} messages of one's room strictly between {@code from} and
     * {@code to}, counted from {@code from}'s side: forwards when {@code from} is the
     * earlier, else backwards (paging by the room's numbers or times, as IRC's CHATHISTORY
     * BEFORE, AFTER, LATEST and BETWEEN do).
     */
    record Span(Mark from, Mark to, int count) implements ChatInput {}

    /** Up to {@code count} messages of one's room around {@code at}: half of them before it, the rest from it on. */
    record Around(Mark at, int count) implements ChatInput {}

    /** Messages containing {@code text} in one's room and one's own private ones; {@code before} as in {@link PageBack}. */
    record Search(String text, long before) implements ChatInput {}

    /** Away from the chat: a private message to one gets {@code message} back; an empty one means back again. */
    record Away(String message) implements ChatInput {}

    /** A guest registers the name they joined under with this password. Its string form hides the password. */
    record Register(String password) implements ChatInput {
        @Override
        public String toString() {
            return "Register[password hidden]";
        }
    }

    /** A member gives their account a new password. Its string form hides the password. */
    record NewPassword(String password) implements ChatInput {
        @Override
        public String toString() {
            return "NewPassword[password hidden]";
        }
    }

    /**
     * A moderator's action on {@code target} (a name; for a ban or unban, an address or
     * CIDR range too), lasting {@code lasts} (null: until lifted), for {@code reason} (may be empty).
     */
    record Moderate(Sanction.Action action, String target, Duration lasts, String reason) implements ChatInput {}

    /** The mutes and bans in force. */
    record Bans() implements ChatInput {}

    record Quit() implements ChatInput {}

    /** A line that could not be understood; {@code problem} says why, for the person. */
    record Invalid(ErrorCode code, String problem) implements ChatInput {}

    /** A blank line: nothing to do. */
    record Nothing() implements ChatInput {}
}

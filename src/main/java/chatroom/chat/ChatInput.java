package chatroom.chat;

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

    record Quit() implements ChatInput {}

    /** A line that could not be understood; {@code problem} says why, for the person. */
    record Invalid(ErrorCode code, String problem) implements ChatInput {}

    /** A blank line: nothing to do. */
    record Nothing() implements ChatInput {}
}

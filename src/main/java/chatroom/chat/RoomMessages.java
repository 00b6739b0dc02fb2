package chatroom.chat;

import chatroom.chat.Event.Accepted;
import java.io.IOException;

/**
 * A room message from its sender's side: the text checked, a place among the member's
 * messages in flight ({@link Member#reserve()}), then {@link Room#say}, which numbers and
 * appends it; the sender's {@code Accepted} follows its own copy. The reader does not
 * wait for it to go out: only the member's next request that is not a message does.
 */
final class RoomMessages {
    private final int maxText;
    private final Refusals refusals;

    RoomMessages(int maxText, Refusals refusals) {
        this.maxText = maxText;
        this.refusals = refusals;
    }

    void say(Member member, Room room, String text, String replyTo) {
        String problem = Refusals.textProblem(text, maxText);
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
}

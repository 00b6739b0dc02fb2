package chatroom.protocol;

import chatroom.chat.ChatInput;

/** One frame a client sends over the structured protocol; {@code id} comes back in the answer. */
public sealed interface Request {
    String id();

    /** The opening frame: the protocol version the client speaks and the name it asks for. */
    record Hello(String id, int version, String name) implements Request {}

    /** Anything asked after joining. */
    record Act(String id, ChatInput input) implements Request {}
}

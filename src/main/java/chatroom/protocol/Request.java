package chatroom.protocol;

import chatroom.chat.ChatInput;

/** One frame a client sends over the structured protocol; {@code id} comes back in the answer. */
public sealed interface Request {
    String id();

    /**
     * The opening frame: the protocol version the client speaks and the name it asks for.
     * {@code history} is how many past messages to be shown on entering a room (0 for none,
     * as bots and bridges ask; -1 for the server's default). {@code password} is that of a
     * registered name, or null.
     */
    record Hello(String id, int version, String name, int history, String password) implements Request {
        public Hello(String id, int version, String name) {
            this(id, version, name, -1);
        }

        public Hello(String id, int version, String name, int history) {
            this(id, version, name, history, null);
        }

        /** The same hello with the password of a registered name. */
        public Hello withPassword(String password) {
            return new Hello(id, version, name, history, password);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Hello[id=" + id + ", version=" + version + ", name=" + name + ", history=" + history
                    + (password == null ? "" : ", password hidden") + "]";
        }
    }

    /** Anything asked after joining. */
    record Act(String id, ChatInput input) implements Request {}

    /** Keep-alive: the client asks whether the server is there; answered with a pong. */
    record Ping(String id) implements Request {}

    /** Keep-alive: the answer to the server's ping. Any frame shows life; this one does nothing else. */
    record Pong(String id) implements Request {}
}

package chatroom.chat;

/**
 * One connected person as the chat rules see it: something to tell events to. Each
 * door (TCP today; web and IRC later) implements it.
 */
public interface Session {

    /** Where the person connects from, for the server log ("127.0.0.1:53412"). */
    String address();

    /** Queues an event for this person. Never blocks: a person too far behind is dropped. */
    void deliver(Event event);

    /**
     * Queues one event of several going to many people: the same {@code outgoing} reaches
     * each of them, so a door can encode it once (see {@link Outgoing}). Never blocks.
     */
    default void deliver(Outgoing outgoing) {
        deliver(outgoing.event());
    }

    /** Ends the connection once everything already delivered has been sent. */
    void close();
}

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

    /** Ends the connection once everything already delivered has been sent. */
    void close();
}

package chatroom.irc;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Limits;
import chatroom.chat.Outgoing;
import chatroom.door.ConnectionLife;
import chatroom.tcp.Door;
import java.util.List;

/**
 * One IRC connection: its lines are read by {@link IrcCommands} and handed to its
 * {@link ConnectionLife} as the chat's requests, and the chat's events are written by
 * {@link IrcReplies}. Replies of the door's own (CAP, 461, …) go through the same outbox
 * as the chat's events, so everything reaches the client in the order it happened.
 */
final class IrcDoor implements Door {
    /**
     * Marks a {@link Event.Notice} whose text is IRC lines of the door's own, ready to send.
     * Compared by identity: the chat never makes it (it is never handed to the chat as a
     * request id), so no text from the chat can pass for lines.
     */
    @SuppressWarnings("StringOperationCanBeSimplified")
    static final String LINES = new String("irc-lines");

    private final ConnectionLife life;
    private final IrcCommands commands;
    private final IrcReplies replies;

    IrcDoor(ConnectionLife life, Limits limits, IrcFormat format, String version, List<String> isupport) {
        this.life = life;
        IrcClient client = new IrcClient(() -> {
            chatroom.chat.Member m = life.member();
            return m == null ? java.util.List.<String>of() : m.roomNames();
        });
        this.replies = new IrcReplies(client, format, version, isupport);
        this.commands = new IrcCommands(life, client, limits, this::send);
    }

    /** Queues lines of the door's own behind whatever the client has been sent. */
    private void send(String lines) {
        life.session().deliver(new Event.Notice(lines, LINES));
    }

    @Override
    public byte[] encode(Outgoing outgoing) {
        return replies.encode(outgoing);
    }

    @Override
    public void onLine(String line) {
        commands.onLine(line);
    }

    @Override
    public boolean completesIdleLines() {
        return false;
    }

    @Override
    public boolean pingsWhenQuiet() {
        return true; // IRC clients answer PING, as the Chatter and the page do
    }
}

package chatroom.irc;

import chatroom.chat.ChatInput;
import chatroom.chat.LeaveReason;
import chatroom.chat.Manager;
import chatroom.chat.Names;
import java.util.function.Supplier;

/**
 * The channels one IRC connection is in, and what JOIN, PART, a channel's PRIVMSG, NAMES
 * and WHO ask of the chat. The one place that knows how many rooms a person may be in:
 * today one, so JOIN of another channel is a move (the client is sent the PART of the old
 * one), PART of the room one is in goes back to {@code #lobby}, which one cannot part, and
 * what is said goes to the one room.
 *
 * <p>When the chat lets a person be in several rooms at once, this class is what changes:
 * {@link #LIMIT} becomes --max-rooms-per-person; {@link #in} asks the member's rooms, and
 * {@link #shown} becomes a set; {@link #part}
 * asks {@code PartRoom(channel)} and {@link #mayPart} is true of every channel;
 * {@link #partAll} parts each channel; {@link #say} and {@link #who} wrap their request
 * in {@code InRoom(channel, …)}; {@link #entered} adds without parting; {@link #left}
 * removes; and {@link #partOnly} counts a part ({@code PARTED}) with a move.
 *
 * <p>Two views, on two threads: the reader asks the chat where the member is ({@link #in},
 * true as soon as a JOIN's request has returned, so a PRIVMSG right after it goes
 * through); the writer keeps what the client has been shown ({@link #entered},
 * {@link #left}), so it knows which channel to send the PART of.
 */
final class Channels {
    /** Rooms a person is in at once (ISUPPORT CHANLIMIT). */
    static final int LIMIT = 1;

    /** The room the chat has the member in now (null before it joined). */
    private final Supplier<String> room;
    /** The channel the client was last shown joining; the writer's own. */
    private String shown;

    Channels(Supplier<String> room) {
        this.room = room;
    }

    /** The canonical name of a channel as the chat knows its room (case folded), or null when it cannot be one. */
    static String room(String channel) {
        return Names.roomProblem(channel) == null ? Names.room(channel) : null;
    }

    /** Whether a leave of someone else from a room leaves them in the chat (IRC: a PART, not a QUIT). */
    static boolean partOnly(LeaveReason reason) {
        return reason == LeaveReason.MOVED;
    }

    /** Whether the person is in {@code channel}. */
    boolean in(String channel) {
        String asked = room(channel);
        return asked != null && asked.equals(room.get());
    }

    /** What JOIN {@code channel} asks of the chat, or null when the person is there already. */
    ChatInput join(String channel) {
        return in(channel) ? null : new ChatInput.JoinRoom(channel);
    }

    /** What JOIN 0 (part every channel) asks: back to the lobby, or nothing when there. */
    ChatInput partAll() {
        return Manager.LOBBY.equals(room.get()) ? null : new ChatInput.LeaveRoom();
    }

    /** What PART {@code channel} asks, when the person is in it and {@link #mayPart} it; null otherwise. */
    ChatInput part(String channel) {
        return in(channel) && mayPart(channel) ? new ChatInput.LeaveRoom() : null;
    }

    /** Whether parting {@code channel} means something: every room but the lobby, where everyone not elsewhere is. */
    boolean mayPart(String channel) {
        return !Manager.LOBBY.equals(room(channel));
    }

    /** What a PRIVMSG to {@code channel} asks, or null when the person is not in it. */
    ChatInput say(String channel, String text) {
        return in(channel) ? new ChatInput.Say(text) : null;
    }

    /** What NAMES or WHO of {@code channel} asks (its people), or null when the person is not in it. */
    ChatInput who(String channel) {
        return in(channel) ? new ChatInput.Who(false) : null;
    }

    /**
     * The writer shows the person entering {@code room}: returns the channel they leave by
     * it (to be sent its PART), or null.
     */
    String entered(String room) {
        String left = shown;
        shown = room;
        return left == null || left.equals(room) ? null : left;
    }

    /** The writer shows the person leaving {@code room} but not the chat (a PART of their own). */
    void left(String room) {
        if (room.equals(shown)) shown = null;
    }
}

package chatroom.irc;

import chatroom.chat.ChatInput;
import chatroom.chat.Manager;
import chatroom.chat.Names;

/**
 * The channels one IRC connection is in, and what JOIN, PART and a channel PRIVMSG ask of
 * the chat. The one place that knows how many rooms a person may be in: today one, so
 * JOIN of another channel is a move (the client is sent the PART of the old one) and
 * PART of the room one is in goes back to {@code #lobby}, which one cannot part. When the
 * chat lets a person be in several rooms at once, this class is what changes: JOIN adds a
 * room, PART leaves one, a channel message names its room, and {@link #LIMIT} grows.
 *
 * <p>{@link #entered} is called by the connection's writer as it writes the events that
 * move the person (so the client's view and this one change together); the reader asks
 * {@link #in} before sending a message to a channel.
 */
final class Channels {
    /** Rooms a person is in at once (ISUPPORT CHANLIMIT). */
    static final int LIMIT = 1;

    private volatile String current;

    /** The canonical name of a channel as the chat knows its room (case folded), or null when it cannot be one. */
    static String room(String channel) {
        return Names.roomProblem(channel) == null ? Names.room(channel) : null;
    }

    /** Whether the person is in {@code channel}. */
    boolean in(String channel) {
        String room = room(channel);
        return room != null && room.equals(current);
    }

    /** The channel the person is in, as the chat spells it (null before the welcome). */
    String current() {
        return current;
    }

    /** What JOIN {@code channel} asks of the chat, or null when the person is there already. */
    ChatInput join(String channel) {
        return in(channel) ? null : new ChatInput.JoinRoom(channel);
    }

    /** What JOIN 0 (part every channel) asks: back to the lobby, or nothing when there. */
    ChatInput partAll() {
        return Manager.LOBBY.equals(current) ? null : new ChatInput.LeaveRoom();
    }

    /** What PART {@code channel} asks, when the person is in it and may leave it; null otherwise (see {@link #mayPart}). */
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

    /**
     * The writer shows the person entering {@code room}: returns the channel they leave by
     * it (to be sent its PART), or null.
     */
    String entered(String room) {
        String left = current;
        current = room;
        return left == null || left.equals(room) ? null : left;
    }
}

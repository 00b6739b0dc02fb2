package chatroom.irc;

import chatroom.chat.ChatInput;
import chatroom.chat.LeaveReason;
import chatroom.chat.Manager;
import chatroom.chat.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The channels one IRC connection is in, and what JOIN, PART, a channel's PRIVMSG, NAMES
 * and WHO ask of the chat. A person is in up to --max-rooms-per-person rooms at once, as
 * at every door: JOIN adds a channel, PART leaves one, and what is said and asked names its
 * channel's room. The chat keeps everyone somewhere: parting the last channel but
 * {@code #lobby} takes the person back there (the client is sent that PART, then the JOIN
 * of {@code #lobby}), and {@code #lobby} alone cannot be parted.
 *
 * <p>Two views, on two threads: the reader asks the chat which rooms the member is in
 * ({@link #in}, true as soon as a JOIN's request has returned, so a PRIVMSG right after it
 * goes through); the writer keeps what the client has been shown ({@link #entered},
 * {@link #left}) and who it has been shown quitting ({@link #firstQuit}).
 */
final class Channels {
    /**
     * Quits remembered (a person leaving the chat from several rooms one shares is one QUIT):
     * all of a departure's leaves are queued one after the other, before the name can be
     * taken again, so only that many other departures between them could let one repeat.
     */
    private static final int QUITS_REMEMBERED = 1024;

    /** The rooms the chat has the member in now (empty before it joined). */
    private final Supplier<List<String>> rooms;
    /** The channels the client has been shown joining; the writer's own. */
    private final Set<String> shown = new LinkedHashSet<>();
    /** Of those, the ones whose names the client has not been shown yet; the writer's own. */
    private final Set<String> namesDue = new LinkedHashSet<>();
    /** By name key, those the client was shown quitting and not seen joining since; the writer's own. */
    private final Map<String, Boolean> quits = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > QUITS_REMEMBERED;
        }
    };

    Channels(Supplier<List<String>> rooms) {
        this.rooms = rooms;
    }

    /** The canonical name of a channel as the chat knows its room (case folded), or null when it cannot be one. */
    static String room(String channel) {
        return Names.roomProblem(channel) == null ? Names.room(channel) : null;
    }

    /** Whether a leave of someone else from a room leaves them in the chat (IRC: a PART, not a QUIT). */
    static boolean partOnly(LeaveReason reason) {
        return reason == LeaveReason.MOVED || reason == LeaveReason.PARTED;
    }

    /** Whether the person is in {@code channel}. */
    boolean in(String channel) {
        String asked = room(channel);
        return asked != null && rooms.get().contains(asked);
    }

    /** What JOIN {@code channel} asks of the chat, or null when the person is there already (nothing to do). */
    ChatInput join(String channel) {
        return in(channel) ? null : new ChatInput.JoinRoom(channel);
    }

    /** What JOIN 0 (part every channel) asks: a part of each room but the lobby, where the chat keeps everyone. */
    List<ChatInput> partAll() {
        List<ChatInput> parts = new ArrayList<>();
        for (String room : rooms.get()) {
            if (!Manager.LOBBY.equals(room)) parts.add(new ChatInput.PartRoom(room));
        }
        return parts;
    }

    /** What PART {@code channel} asks, or null when the person is not in it. */
    ChatInput part(String channel) {
        return in(channel) ? new ChatInput.PartRoom(channel) : null;
    }

    /** What a PRIVMSG to {@code channel} asks, or null when the person is not in it. */
    ChatInput say(String channel, String text) {
        return in(channel) ? new ChatInput.InRoom(channel, new ChatInput.Say(text)) : null;
    }

    /** What NAMES or WHO of {@code channel} asks (its people), or null when the person is not in it. */
    ChatInput who(String channel) {
        return in(channel) ? new ChatInput.InRoom(channel, new ChatInput.Who(false)) : null;
    }

    /** The writer shows the person entering {@code room}, beside their other channels: false when it was shown already. */
    boolean entered(String room) {
        if (!shown.add(room)) return false;
        namesDue.add(room);
        return true;
    }

    /** Whether the writer has shown the person entering {@code room} but not yet its names. */
    boolean namesDue(String room) {
        return namesDue.contains(room);
    }

    /** The writer has shown the names of {@code room}. */
    void namesShown(String room) {
        namesDue.remove(room);
    }

    /** The writer shows the person leaving {@code room} but not the chat: false when it was not shown. */
    boolean left(String room) {
        namesDue.remove(room);
        return shown.remove(room);
    }

    /** The writer shows {@code name} joining a channel: a later quit of theirs is a new one. */
    void joined(String name) {
        quits.remove(Names.key(name));
    }

    /**
     * The writer is to show {@code name} quitting (their leave from one of the rooms the
     * client shares with them): true the first time, false for the same departure's leave
     * from each further room.
     */
    boolean firstQuit(String name) {
        return quits.put(Names.key(name), Boolean.TRUE) == null;
    }
}

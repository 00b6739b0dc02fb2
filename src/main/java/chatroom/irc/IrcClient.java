package chatroom.irc;

import java.util.Set;

/**
 * What one IRC connection's reader and writer share: the nick (the chat's spelling once
 * joined), the capabilities enabled, and the channels. The reader changes the first two,
 * the writer the channels; each field is read by the other thread.
 */
final class IrcClient {
    private volatile String nick;
    private volatile Set<String> caps = Set.of();
    final Channels channels;
    /**
     * CHATHISTORY paging: "room msgid" (the room's seq) of the oldest message of each page
     * sent, to the chat's history cursor just before it. The writer adds, the reader looks
     * up; bounded, the oldest pages forgotten first.
     */
    private final java.util.Map<String, Long> pages = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Long> eldest) {
                    return size() > PAGES_REMEMBERED;
                }
            });
    private static final int PAGES_REMEMBERED = 256;

    /** @param rooms the rooms the chat has the member in now (empty before joining) */
    IrcClient(java.util.function.Supplier<java.util.List<String>> rooms) {
        this.channels = new Channels(rooms);
    }

    /** The nick, or "*" before one is known (numerics name their target so). */
    String nick() {
        String n = nick;
        return n == null ? "*" : n;
    }

    void nick(String nick) {
        this.nick = nick;
    }

    /** A CHATHISTORY page of {@code room} was sent whose oldest message is {@code seq}; older ones are before {@code cursor}. */
    void paged(String room, long seq, long cursor) {
        pages.put(room + " " + seq, cursor);
    }

    /** The chat's cursor for the messages before {@code seq} in {@code room}, or null when no page sent began there. */
    Long cursorBefore(String room, long seq) {
        return pages.get(room + " " + seq);
    }

    boolean has(String cap) {
        return caps.contains(cap);
    }

    Set<String> caps() {
        return caps;
    }

    void caps(Set<String> caps) {
        this.caps = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(caps)); // in the order asked, for CAP LIST
    }
}

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

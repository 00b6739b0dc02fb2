package chatroom.chat;

import chatroom.chat.Event.PrivateMessage;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The other servers of a cluster, as the rules need them: names held anywhere, who is
 * online where, private messages to people on another server. {@link #NONE} for a server
 * on its own. Calls may wait for the cluster's store; none is made under a lock but the
 * room's (where an append already waits for it).
 */
public interface Peers {
    /** Someone holding a name, or one looking like it, on another server. */
    record Holder(String name, boolean lookalike) {}

    /** Someone online on another server, and the rooms they are in. */
    record Elsewhere(String name, List<String> rooms) {}

    /** A member of this server and the rooms they are in. */
    record Here(String name, List<String> rooms) {}

    /**
     * Gives the cluster this server's members, to tell of them again when it lost track of
     * this server (took it for dead while it was only slow, or Redis lost its data).
     */
    default void attend(Supplier<List<Here>> members) {}

    /**
     * Holds {@code name} (with its look-alike skeletons {@code looks}) for a member of this
     * server in {@code room}: null when it is now ours, else who holds it or one like it.
     * Throws IOException when the cluster cannot be asked: the name is then not given.
     */
    Holder claim(String name, Collection<String> looks, String room) throws IOException;

    /**
     * As {@link #claim(String, Collection, String)} for someone who proved who they are (an
     * account signed in with its password): a name held by a server that is gone (killed,
     * its lease not yet over) is taken over rather than refused, its member there leaving
     * ({@code connection lost}) first. A person whose server died comes back at once on another.
     */
    default Holder claim(String name, Collection<String> looks, String room, boolean proven) throws IOException {
        return claim(name, looks, room);
    }

    /** Lets go of a name this server held (retried later if the cluster cannot be reached now). */
    void release(String name, Collection<String> looks);

    /** The member holding {@code name} here is now in {@code rooms} (entered one, or left one). */
    void moved(String name, List<String> rooms);

    /** Everyone online on the other servers (empty when they cannot be asked). */
    List<Elsewhere> elsewhere();

    /** Of {@code names}, those online on another server, by name key, as they are shown. */
    Map<String, String> find(Collection<String> names);

    /** Who is online under {@code name} on another server, and in which rooms; null when nobody. */
    default Elsewhere where(String name) {
        return null;
    }

    /** A private message's id, unique in the whole cluster. Throws IOException when it cannot be had. */
    long nextPrivateId() throws IOException;

    /** Delivers {@code message} to those of {@code names} who are on other servers; throws IOException when it cannot. */
    void tell(PrivateMessage message, Collection<String> names) throws IOException;

    /** Where private messages from other servers go: the message and the names here it is for. */
    void listen(BiConsumer<PrivateMessage, List<String>> here);

    /** A server on its own: no one is elsewhere. */
    Peers NONE = new Peers() {
        @Override
        public Holder claim(String name, Collection<String> looks, String room) {
            return null;
        }

        @Override
        public void release(String name, Collection<String> looks) {}

        @Override
        public void moved(String name, List<String> rooms) {}

        @Override
        public List<Elsewhere> elsewhere() {
            return List.of();
        }

        @Override
        public Map<String, String> find(Collection<String> names) {
            return Map.of();
        }

        @Override
        public long nextPrivateId() {
            throw new UnsupportedOperationException("a server on its own numbers its private messages itself");
        }

        @Override
        public void tell(PrivateMessage message, Collection<String> names) {}

        @Override
        public void listen(BiConsumer<PrivateMessage, List<String>> here) {}
    };
}

package chatroom.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored event. {@code id} is the store's global, increasing id (0 before append).
 * {@code room} is "#lobby" etc., null for PRIVATE. {@code seq} is the per-room sequence
 * number (0 for PRIVATE, and for a join or leave a big room did not number).
 * {@code privateId} is the chat's private message id (0 otherwise). {@code recipients} are
 * the addressees of a PRIVATE (empty otherwise). {@code text} is the message text, for
 * LEAVE the reason, null for JOIN. {@code parties} are opaque connection tokens (random
 * longs, unique across restarts) of the connections that sent or received a PRIVATE:
 * only they may read it back. Names grant nothing, because a name can pass to someone else.
 * The store keeps {@code time} to the millisecond.
 */
public record StoredEvent(long id, Kind kind, String room, long seq, long privateId, Instant time, String sender,
        List<String> recipients, String text, List<Long> parties) {

    public StoredEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(sender, "sender");
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        parties = parties == null ? List.of() : List.copyOf(parties);
        if (kind.inRoom() != (room != null)) throw new IllegalArgumentException(kind + " with room " + room);
        if (kind != Kind.PRIVATE && (privateId != 0 || !recipients.isEmpty() || !parties.isEmpty())) {
            throw new IllegalArgumentException(kind + " with private id, recipients or parties");
        }
        if (kind == Kind.PRIVATE && seq != 0) throw new IllegalArgumentException("PRIVATE with seq " + seq);
        if ((kind == Kind.JOIN) != (text == null)) throw new IllegalArgumentException(kind + " with text " + text);
    }

    public static StoredEvent message(String room, long seq, Instant time, String sender, String text) {
        return new StoredEvent(0, Kind.MESSAGE, room, seq, 0, time, sender, List.of(), text, List.of());
    }

    public static StoredEvent privateMessage(long privateId, Instant time, String sender, List<String> recipients,
            String text, List<Long> parties) {
        return new StoredEvent(0, Kind.PRIVATE, null, 0, privateId, time, sender, recipients, text, parties);
    }

    public static StoredEvent join(String room, long seq, Instant time, String name) {
        return new StoredEvent(0, Kind.JOIN, room, seq, 0, time, name, List.of(), null, List.of());
    }

    public static StoredEvent leave(String room, long seq, Instant time, String name, String reason) {
        return new StoredEvent(0, Kind.LEAVE, room, seq, 0, time, name, List.of(), reason, List.of());
    }

    /** The same event as stored under {@code id}. */
    public StoredEvent withId(long id) {
        return new StoredEvent(id, kind, room, seq, privateId, time, sender, recipients, text, parties);
    }
}

package chatroom.cluster;

import chatroom.chat.Kind;
import chatroom.chat.StoredEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A room event as the cluster keeps it (the stream entry's one field) and publishes it:
 * what happened, and which server appended it under which token, so that a server knows
 * its own events when it reads them back. The number is the stream entry's id.
 */
record WireEvent(String node, long token, Kind kind, long time, String name, String text) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static WireEvent of(String node, long token, StoredEvent e) {
        return new WireEvent(node, token, e.kind(), e.time().toEpochMilli(), e.sender(), e.text());
    }

    /** The event in {@code room} under {@code seq}. */
    StoredEvent in(String room, long seq) {
        Instant at = Instant.ofEpochMilli(time);
        return switch (kind) {
            case JOIN -> StoredEvent.join(room, seq, at, name);
            case LEAVE -> StoredEvent.leave(room, seq, at, name, text);
            default -> StoredEvent.message(room, seq, at, name, text);
        };
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws IllegalArgumentException for what no server of ours wrote. */
    static WireEvent parse(String json) {
        try {
            return JSON.readValue(json, WireEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a room event: " + e.getOriginalMessage(), e);
        }
    }
}

package chatroom.history;

import chatroom.chat.Kind;
import chatroom.chat.StoredEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * An event as a row of {@code events} and back. A private message's recipients and parties
 * are kept in the row as JSON arrays (events never change, so the copy in {@code parties}
 * the table cannot drift from it); the {@code parties} table is only the index readers use.
 */
final class EventRows {
    static final String INSERT = "INSERT INTO events (id, kind, room, seq, private_id, time_ms, sender, text, folded_text, "
            + "recipients, parties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** OR IGNORE: a message to oneself names the same connection twice. */
    static final String INSERT_PARTY = "INSERT OR IGNORE INTO parties (party, event_id) VALUES (?, ?)";
    /** The columns {@link #read} expects, in its order. */
    static final String COLUMNS = "id, kind, room, seq, private_id, time_ms, sender, text, recipients, parties";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private static final TypeReference<List<Long>> TOKENS = new TypeReference<>() {};

    private EventRows() {}

    /** Binds {@code e} as row {@code id} to an {@link #INSERT} statement. */
    static void bind(PreparedStatement insert, long id, StoredEvent e, String folded) throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, e.kind().name());
        insert.setString(3, e.room());
        insert.setLong(4, e.seq());
        insert.setLong(5, e.privateId());
        insert.setLong(6, e.time().toEpochMilli());
        insert.setString(7, e.sender());
        insert.setString(8, e.text());
        insert.setString(9, folded);
        boolean isPrivate = e.kind() == Kind.PRIVATE;
        insert.setString(10, isPrivate ? json(e.recipients()) : null);
        insert.setString(11, isPrivate ? json(e.parties()) : null);
    }

    static StoredEvent read(ResultSet r) throws SQLException {
        return new StoredEvent(r.getLong(1), Kind.valueOf(r.getString(2)), r.getString(3), r.getLong(4), r.getLong(5),
                Instant.ofEpochMilli(r.getLong(6)), r.getString(7), list(r.getString(9), NAMES), r.getString(8),
                list(r.getString(10), TOKENS));
    }

    private static String json(List<?> values) throws SQLException {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode " + values, e);
        }
    }

    private static <T> List<T> list(String json, TypeReference<List<T>> type) throws SQLException {
        if (json == null) return List.of();
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored list that is not JSON: " + json, e);
        }
    }
}

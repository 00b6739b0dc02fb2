package chatroom.protocol;

import chatroom.chat.Event;
import chatroom.chat.Event.*;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** The server's frames: each {@link Event} as one JSON object, its times in the server's zone. */
final class EventWriter {
    private final ZoneId zone;

    EventWriter(ZoneId zone) {
        this.zone = zone;
    }

    /** The event as one frame, without the newline, streamed field by field (no tree per frame). */
    String encode(Event event) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JsonFields.MAPPER.getFactory().createGenerator(out)) {
            write(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private void write(JsonGenerator g, Event event) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", EventFrame.of(event).type);
        switch (event) {
            case RoomMessage m -> {
                place(g, m.room(), m.seq(), m.time());
                g.writeStringField("from", m.from());
                g.writeStringField("text", m.text());
            }
            case PrivateMessage m -> {
                g.writeNumberField("pid", m.id());
                g.writeStringField("time", time(m.time()));
                g.writeStringField("from", m.from());
                names(g, "to", m.to());
                g.writeStringField("text", m.text());
                if (m.waited()) g.writeBooleanField("waited", true);
            }
            case Joined j -> {
                place(g, j.room(), j.seq(), j.time());
                g.writeStringField("name", j.name());
            }
            case Left l -> {
                place(g, l.room(), l.seq(), l.time());
                g.writeStringField("name", l.name());
                g.writeStringField("reason", l.reason().text());
                if (l.to() != null) g.writeStringField("to", l.to());
            }
            case Welcome w -> {
                id(g, w.replyTo());
                g.writeNumberField("version", JsonCodec.VERSION);
                g.writeStringField("name", w.name());
                g.writeStringField("room", w.room());
                g.writeNumberField("seq", w.seq());
                g.writeNumberField("count", w.count());
                names(g, "online", w.online());
            }
            case WhoList w -> {
                id(g, w.replyTo());
                if (w.room() != null) g.writeStringField("room", w.room());
                names(g, "names", w.names());
                if (!w.away().isEmpty()) names(g, "away", w.away());
                if (!w.roles().isEmpty()) {
                    g.writeObjectFieldStart("roles");
                    for (var role : w.roles().entrySet()) g.writeStringField(role.getKey(), role.getValue().wire());
                    g.writeEndObject();
                }
            }
            case Accepted a -> {
                id(g, a.replyTo());
                if (a.room() != null) {
                    g.writeStringField("room", a.room());
                    g.writeNumberField("seq", a.seq());
                } else {
                    g.writeNumberField("pid", a.privateId());
                }
            }
            case Refused r -> {
                id(g, r.replyTo());
                g.writeStringField("code", r.code().wire());
                g.writeStringField("text", r.text());
                if (r.retryAfterMillis() > 0) g.writeNumberField("retryAfterMs", r.retryAfterMillis());
            }
            case Notice n -> {
                id(g, n.replyTo());
                g.writeStringField("text", n.text());
            }
            case Closing c -> {
                g.writeStringField("code", c.code().wire());
                g.writeStringField("text", c.text());
                g.writeBooleanField("final", true);
            }
            case RoomEntered r -> {
                id(g, r.replyTo());
                g.writeStringField("room", r.room());
                g.writeNumberField("seq", r.seq());
                names(g, "members", r.members());
                g.writeNumberField("count", r.count());
            }
            case RoomList r -> {
                id(g, r.replyTo());
                g.writeArrayFieldStart("rooms");
                for (RoomInfo room : r.rooms()) {
                    g.writeStartObject();
                    g.writeStringField("name", room.name());
                    g.writeNumberField("members", room.members());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case YourRooms r -> {
                id(g, r.replyTo());
                names(g, "rooms", r.rooms());
                g.writeStringField("current", r.current());
            }
            case History h -> {
                id(g, h.replyTo());
                g.writeStringField("room", h.room());
                page(g, h.messages(), h.more(), h.cursor());
            }
            case Found f -> {
                id(g, f.replyTo());
                g.writeStringField("query", f.query());
                if (f.stoppedAfter() > 0) g.writeNumberField("stoppedAfter", f.stoppedAfter());
                page(g, f.messages(), f.more(), f.cursor());
            }
            case AwayChanged a -> {
                g.writeStringField("name", a.name());
                if (a.message() != null) g.writeStringField("message", a.message());
            }
            case Ping p -> { } // its type is all it says
            case Pong p -> id(g, p.replyTo());
        }
        g.writeEndObject();
    }

    /** A page of past messages: each one the frame it was live, oldest first. */
    private void page(JsonGenerator g, List<Event> messages, boolean more, long cursor) throws IOException {
        g.writeBooleanField("more", more);
        g.writeNumberField("before", cursor);
        g.writeArrayFieldStart("messages");
        for (Event m : messages) write(g, m);
        g.writeEndArray();
    }

    /** Where a room's event stands: its room, its number there, its time. */
    private void place(JsonGenerator g, String room, long seq, Instant time) throws IOException {
        g.writeStringField("room", room);
        g.writeNumberField("seq", seq);
        g.writeStringField("time", time(time));
    }

    private String time(Instant instant) {
        return JsonCodec.TIME.format(instant.atZone(zone).toOffsetDateTime());
    }

    private static void id(JsonGenerator g, String id) throws IOException {
        if (id != null) g.writeStringField("id", id);
    }

    private static void names(JsonGenerator g, String field, List<String> names) throws IOException {
        g.writeArrayFieldStart(field);
        for (String n : names) g.writeString(n);
        g.writeEndArray();
    }
}

package chatroom.history;

import chatroom.chat.Kind;
import chatroom.chat.StoredEvent;
import chatroom.text.Escape;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How {@code chatroom history} writes one event: a line of its own, whatever the text holds. */
public enum ExportFormat {
    /**
     * Like the server log's lines ({@code … MSG #lobby 4 c1: text}), text escaped the same
     * way so nothing in a message can start a line. Joins and leaves have no address: the
     * store does not keep one.
     */
    TEXT {
        @Override
        String line(StoredEvent e, ZoneId zone) {
            String head = STAMP.format(e.time().atZone(zone)) + " ";
            String sender = Escape.forLog(e.sender());
            return head + switch (e.kind()) {
                case MESSAGE -> "MSG " + where(e) + " " + sender + ": " + Escape.forLog(e.text());
                case PRIVATE -> "PRIVATE " + e.privateId() + " " + sender + " -> "
                        + Escape.forLog(String.join(",", e.recipients())) + ": " + Escape.forLog(e.text());
                case JOIN -> "JOIN " + where(e) + " " + sender;
                case LEAVE -> "LEAVE " + where(e) + " " + sender + " (" + Escape.forLog(e.text()) + ")";
            };
        }

        /** Room and number; {@code -} for an event a big room did not number, as in the server log. */
        private static String where(StoredEvent e) {
            return Escape.forLog(e.room()) + " " + (e.seq() == 0 ? "-" : Long.toString(e.seq()));
        }
    },

    /** One JSON object per line; JSON escapes every control character, so a line is always one event. */
    JSONL {
        @Override
        String line(StoredEvent e, ZoneId zone) throws IOException {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("id", e.id());
                g.writeStringField("kind", e.kind().name());
                g.writeStringField("time", e.time().toString());
                if (e.kind().inRoom()) {
                    g.writeStringField("room", e.room());
                    g.writeNumberField("seq", e.seq());
                }
                g.writeStringField("sender", e.sender());
                if (e.kind() == Kind.PRIVATE) {
                    g.writeNumberField("privateId", e.privateId());
                    g.writeArrayFieldStart("recipients");
                    for (String r : e.recipients()) g.writeString(r);
                    g.writeEndArray();
                    g.writeArrayFieldStart("parties");
                    for (long p : e.parties()) g.writeNumber(p);
                    g.writeEndArray();
                }
                if (e.text() != null) g.writeStringField("text", e.text());
                g.writeEndObject();
            }
            return out.toString();
        }
    };

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final JsonFactory JSON = new JsonFactory();

    /** The event's line, without its newline; times in {@code zone} where the format shows local time. */
    abstract String line(StoredEvent e, ZoneId zone) throws IOException;
}

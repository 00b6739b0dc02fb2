package chatroom.protocol;

import chatroom.chat.ChatInput;
import chatroom.chat.Commands;
import static chatroom.chat.Commands.HISTORY_PAGE;
import static chatroom.chat.Commands.MAX_PAGE;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.chat.LeaveReason;
import chatroom.protocol.Request.Act;
import chatroom.protocol.Request.Hello;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The structured protocol: JSON Lines, one object per line with a {@code type}. Both
 * directions live here so that server and Chatter cannot drift apart. docs/PROTOCOL.md
 * describes every frame.
 */
public final class JsonCodec {
    public static final int VERSION = 1;
    private static final int MAX_NESTING = 16;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // Jackson's default pool keeps about 8 KB of buffers per thread, for ever: with two
            // virtual threads per connection that was 160 MB for 10,000 idle members.
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build())
            // "{…}{…}" or "{…} junk" on one line is one bad frame, not a frame and some noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ZoneId zone;

    public JsonCodec(ZoneId zone) {
        this.zone = zone;
    }

    // ---- server to client ----

    /**
     * The event as one frame, without the newline. Written field by field with a streaming
     * generator (no tree per frame); the output is what the tree form printed, byte for byte.
     */
    public String encode(Event event) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The event as one UTF-8 line, newline included, ready for the socket. */
    public byte[] encodeLine(Event event) {
        // Through a String on purpose: a lone surrogate (a JSON client may send "\\ud800")
        // becomes '?' as it always did, where a byte generator would refuse the frame.
        return (encode(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void write(JsonGenerator g, Event event) throws IOException {
        g.writeStartObject();
        switch (event) {
            case RoomMessage m -> {
                g.writeStringField("type", "message");
                g.writeStringField("room", m.room());
                g.writeNumberField("seq", m.seq());
                g.writeStringField("time", time(m.time()));
                g.writeStringField("from", m.from());
                g.writeStringField("text", m.text());
            }
            case PrivateMessage m -> {
                g.writeStringField("type", "private");
                g.writeNumberField("pid", m.id());
                g.writeStringField("time", time(m.time()));
                g.writeStringField("from", m.from());
                names(g, "to", m.to());
                g.writeStringField("text", m.text());
            }
            case Joined j -> {
                g.writeStringField("type", "joined");
                g.writeStringField("room", j.room());
                g.writeNumberField("seq", j.seq());
                g.writeStringField("time", time(j.time()));
                g.writeStringField("name", j.name());
            }
            case Left l -> {
                g.writeStringField("type", "left");
                g.writeStringField("room", l.room());
                g.writeNumberField("seq", l.seq());
                g.writeStringField("time", time(l.time()));
                g.writeStringField("name", l.name());
                g.writeStringField("reason", l.reason().text());
                if (l.to() != null) g.writeStringField("to", l.to());
            }
            case Welcome w -> {
                g.writeStringField("type", "welcome");
                id(g, w.replyTo());
                g.writeNumberField("version", VERSION);
                g.writeStringField("name", w.name());
                g.writeStringField("room", w.room());
                g.writeNumberField("seq", w.seq());
                g.writeNumberField("count", w.count());
                names(g, "online", w.online());
            }
            case WhoList w -> {
                g.writeStringField("type", "who");
                id(g, w.replyTo());
                if (w.room() != null) g.writeStringField("room", w.room());
                names(g, "names", w.names());
                if (!w.away().isEmpty()) names(g, "away", w.away());
            }
            case Accepted a -> {
                g.writeStringField("type", "accepted");
                id(g, a.replyTo());
                if (a.room() != null) {
                    g.writeStringField("room", a.room());
                    g.writeNumberField("seq", a.seq());
                } else {
                    g.writeNumberField("pid", a.privateId());
                }
            }
            case Refused r -> {
                g.writeStringField("type", "error");
                id(g, r.replyTo());
                g.writeStringField("code", r.code().wire());
                g.writeStringField("text", r.text());
                if (r.retryAfterMillis() > 0) g.writeNumberField("retryAfterMs", r.retryAfterMillis());
            }
            case Notice n -> {
                g.writeStringField("type", "notice");
                id(g, n.replyTo());
                g.writeStringField("text", n.text());
            }
            case Closing c -> {
                g.writeStringField("type", "error");
                g.writeStringField("code", c.code().wire());
                g.writeStringField("text", c.text());
                g.writeBooleanField("final", true);
            }
            case RoomEntered r -> {
                g.writeStringField("type", "entered");
                id(g, r.replyTo());
                g.writeStringField("room", r.room());
                g.writeNumberField("seq", r.seq());
                names(g, "members", r.members());
                g.writeNumberField("count", r.count());
            }
            case RoomList r -> {
                g.writeStringField("type", "rooms");
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
            case History h -> {
                g.writeStringField("type", "history");
                id(g, h.replyTo());
                g.writeStringField("room", h.room());
                page(g, h.messages(), h.more(), h.cursor());
            }
            case Found f -> {
                g.writeStringField("type", "found");
                id(g, f.replyTo());
                g.writeStringField("query", f.query());
                page(g, f.messages(), f.more(), f.cursor());
            }
            case Ping p -> g.writeStringField("type", "ping");
            case Pong p -> {
                g.writeStringField("type", "pong");
                id(g, p.replyTo());
            }
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

    /** Reads a server frame (the Chatter's side). */
    public Event decodeEvent(String line) throws FrameException {
        return decodeEvent(parse(line));
    }

    private Event decodeEvent(JsonNode f) throws FrameException {
        String id = optText(f, "id");
        return switch (type(f)) {
            case "message" -> new RoomMessage(text(f, "room"), num(f, "seq"), instant(f), text(f, "from"), text(f, "text"));
            case "private" -> new PrivateMessage(num(f, "pid"), instant(f), text(f, "from"), list(f, "to"), text(f, "text"));
            case "joined" -> new Joined(text(f, "room"), num(f, "seq"), instant(f), text(f, "name"));
            case "left" -> new Left(text(f, "room"), num(f, "seq"), instant(f), text(f, "name"), reason(f), optText(f, "to"));
            case "entered" -> entered(f, id);
            case "rooms" -> new RoomList(rooms(f), id);
            case "history" -> new History(text(f, "room"), messages(f), f.path("more").asBoolean(false), num(f, "before"), id);
            case "found" -> new Found(text(f, "query"), messages(f), f.path("more").asBoolean(false), num(f, "before"), id);
            case "welcome" -> welcome(f, id);
            case "who" -> new WhoList(optText(f, "room"), list(f, "names"), id, f.has("away") ? list(f, "away") : List.of());
            case "accepted" -> f.has("pid") ? new Accepted(id, null, 0, num(f, "pid"))
                    : new Accepted(id, text(f, "room"), num(f, "seq"), 0);
            case "error" -> f.path("final").asBoolean(false)
                    ? new Closing(code(f), text(f, "text"))
                    : new Refused(code(f), text(f, "text"), id, Math.max(0, f.path("retryAfterMs").asLong(0)));
            case "notice" -> new Notice(text(f, "text"), id);
            case "ping" -> new Ping();
            case "pong" -> new Pong(id);
            default -> throw new FrameException(ErrorCode.BAD_FRAME, "unknown frame type '" + type(f) + "'", id);
        };
    }

    private List<Event> messages(JsonNode f) throws FrameException {
        JsonNode v = f.get("messages");
        if (v == null || !v.isArray()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + type(f) + "' needs a 'messages' list", null);
        List<Event> out = new ArrayList<>(v.size());
        for (JsonNode m : v) {
            if (!m.isObject()) throw new FrameException(ErrorCode.BAD_FRAME, "'messages' must hold frames", null);
            Event e = decodeEvent(m);
            if (!(e instanceof RoomMessage || e instanceof PrivateMessage)) {
                throw new FrameException(ErrorCode.BAD_FRAME, "'messages' must hold message and private frames", null);
            }
            out.add(e);
        }
        return out;
    }

    private static List<RoomInfo> rooms(JsonNode f) throws FrameException {
        JsonNode v = f.get("rooms");
        if (v == null || !v.isArray()) throw new FrameException(ErrorCode.BAD_FRAME, "'rooms' needs a 'rooms' list", null);
        List<RoomInfo> out = new ArrayList<>(v.size());
        for (JsonNode r : v) out.add(new RoomInfo(text(r, "name"), (int) num(r, "members")));
        return out;
    }

    // ---- client to server ----

    public String encode(Request request) {
        ObjectNode f = MAPPER.createObjectNode();
        switch (request) {
            case Hello h -> {
                f.put("type", "hello").put("version", h.version()).put("name", h.name());
                if (h.history() >= 0) f.put("history", h.history());
            }
            case Request.Ping p -> f.put("type", "ping");
            case Request.Pong p -> f.put("type", "pong");
            case Act a -> {
                switch (a.input()) {
                    case ChatInput.Say s -> f.put("type", "say").put("text", s.text());
                    case ChatInput.Tell t -> {
                        f.put("type", "tell");
                        names(f.putArray("to"), t.to());
                        f.put("text", t.text());
                    }
                    case ChatInput.Who w -> f.put("type", "who").put("all", w.all());
                    case ChatInput.Help h -> f.put("type", "help");
                    case ChatInput.JoinRoom j -> f.put("type", "join").put("room", j.room());
                    case ChatInput.LeaveRoom l -> f.put("type", "leave");
                    case ChatInput.Rooms r -> f.put("type", "rooms");
                    case ChatInput.PageBack p -> {
                        f.put("type", "history").put("count", p.count());
                        if (p.before() > 0) f.put("before", p.before());
                    }
                    case ChatInput.Search q -> {
                        f.put("type", "search").put("text", q.text());
                        if (q.before() > 0) f.put("before", q.before());
                    }
                    case ChatInput.Away away when away.message().isEmpty() -> f.put("type", "back");
                    case ChatInput.Away away -> f.put("type", "away").put("text", away.message());
                    case ChatInput.Quit q -> f.put("type", "quit");
                    case ChatInput.Invalid i -> throw new IllegalArgumentException("an invalid input is not sent: " + i);
                    case ChatInput.Nothing n -> throw new IllegalArgumentException("nothing to send");
                }
            }
        }
        id(f, request.id());
        return f.toString();
    }

    /** Reads a client frame (the server's side). */
    public Request decodeRequest(String line) throws FrameException {
        JsonNode f = parse(line);
        String id = optText(f, "id");
        if (f.has("id") && f.get("id").isContainerNode()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'id' must be a string or a number", null);
        }
        try {
            return switch (type(f)) {
                case "hello" -> {
                    if (!f.path("version").isIntegralNumber() || !f.path("version").canConvertToInt()) {
                        throw new FrameException(ErrorCode.BAD_FRAME, "hello needs a whole-number 'version'", id);
                    }
                    yield new Hello(id, f.get("version").intValue(), text(f, "name"), (int) count(f, "history", -1, Integer.MAX_VALUE));
                }
                case "say" -> new Act(id, new ChatInput.Say(text(f, "text")));
                case "tell" -> new Act(id, new ChatInput.Tell(list(f, "to"), text(f, "text")));
                case "who" -> new Act(id, new ChatInput.Who(f.path("all").asBoolean(false)));
                case "help" -> new Act(id, new ChatInput.Help());
                case "quit" -> new Act(id, new ChatInput.Quit());
                case "join" -> new Act(id, new ChatInput.JoinRoom(text(f, "room")));
                case "leave" -> new Act(id, new ChatInput.LeaveRoom());
                case "rooms" -> new Act(id, new ChatInput.Rooms());
                case "away" -> new Act(id, new ChatInput.Away(f.has("text") ? text(f, "text").strip() : Commands.AWAY));
                case "back" -> new Act(id, new ChatInput.Away(""));
                case "history" -> new Act(id, new ChatInput.PageBack((int) count(f, "count", HISTORY_PAGE, MAX_PAGE),
                        count(f, "before", 0, Long.MAX_VALUE)));
                case "search" -> new Act(id, new ChatInput.Search(text(f, "text"), count(f, "before", 0, Long.MAX_VALUE)));
                // A line as a person typed it, read by the same rules as the plain door's lines,
                // so the web page needs no copy of the command language.
                case "line" -> new Act(id, Commands.parse(text(f, "text")));
                case "ping" -> new Request.Ping(id);
                case "pong" -> new Request.Pong(id);
                default -> throw new FrameException(ErrorCode.BAD_FRAME,
                        "unknown frame type '" + type(f) + "' (hello, say, line, tell, who, join, leave, rooms, history, search, help, quit, ping, pong)", id);
            };
        } catch (FrameException e) {
            throw e.id() == null && id != null ? new FrameException(e.code(), e.getMessage(), id) : e;
        }
    }

    // ---- helpers ----

    private static JsonNode parse(String line) throws FrameException {
        JsonNode f;
        try {
            f = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new FrameException(ErrorCode.BAD_FRAME, "not a JSON object: " + brief(e.getOriginalMessage()), null);
        }
        if (f == null || !f.isObject()) throw new FrameException(ErrorCode.BAD_FRAME, "a frame must be one JSON object", null);
        return f;
    }

    private static String brief(String message) {
        String first = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        return first.length() > 120 ? first.substring(0, 120) + "…" : first;
    }

    private static String type(JsonNode f) throws FrameException {
        JsonNode t = f.get("type");
        if (t == null || !t.isTextual()) throw new FrameException(ErrorCode.BAD_FRAME, "a frame needs a 'type' string", optText(f, "id"));
        return t.textValue();
    }

    private static String text(JsonNode f, String field) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || !v.isTextual()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'" + type(f) + "' needs a '" + field + "' string", optText(f, "id"));
        }
        return v.textValue();
    }

    private static String optText(JsonNode f, String field) {
        JsonNode v = f.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) return v.textValue();
        return v.isValueNode() ? v.asText() : null;
    }

    private static long num(JsonNode f, String field) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || !v.canConvertToLong()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must be a number", null);
        return v.longValue();
    }

    /** An optional whole number from 0 to {@code max}; {@code absent} when the field is missing. */
    private static long count(JsonNode f, String field, long absent, long max) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || v.isNull()) return absent;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must be a whole number from 0 to " + max, optText(f, "id"));
        }
        return v.longValue();
    }

    /** A welcome: {@code online} names everyone, or in a crowd the first of them ({@link #crowd}). */
    private static Welcome welcome(JsonNode f, String id) throws FrameException {
        List<String> names = crowd(f, "online");
        return new Welcome(text(f, "name"), text(f, "room"), num(f, "seq"), names, howMany(f, names), id);
    }

    /** Entering a room: {@code members} names everyone there, or in a crowd the first of them ({@link #crowd}). */
    private static RoomEntered entered(JsonNode f, String id) throws FrameException {
        List<String> names = crowd(f, "members");
        return new RoomEntered(text(f, "room"), num(f, "seq"), names, howMany(f, names), id);
    }

    /** Names that in a crowd may be none at all (with {@code --announce-up-to 0}). */
    private static List<String> crowd(JsonNode f, String field) throws FrameException {
        JsonNode v = f.get(field);
        return v != null && v.isArray() && v.isEmpty() ? List.of() : list(f, field);
    }

    /** How many people {@code named} stands for: {@code count}, or (from a server before it) all of them named. */
    private static int howMany(JsonNode f, List<String> named) throws FrameException {
        return Math.max((int) count(f, "count", named.size(), Integer.MAX_VALUE), named.size());
    }

    private static List<String> list(JsonNode f, String field) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || !v.isArray()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'" + type(f) + "' needs a '" + field + "' list of names", optText(f, "id"));
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode n : v) {
            if (!n.isTextual()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must hold strings", optText(f, "id"));
            out.add(n.textValue());
        }
        if (out.isEmpty()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must name someone", optText(f, "id"));
        return List.copyOf(out);
    }

    private Instant instant(JsonNode f) throws FrameException {
        try {
            return OffsetDateTime.parse(text(f, "time"), TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'time' must be an ISO-8601 date-time", null);
        }
    }

    private static LeaveReason reason(JsonNode f) throws FrameException {
        try {
            return LeaveReason.fromText(text(f, "reason"));
        } catch (IllegalArgumentException e) {
            throw new FrameException(ErrorCode.BAD_FRAME, e.getMessage(), null);
        }
    }

    private static ErrorCode code(JsonNode f) throws FrameException {
        try {
            return ErrorCode.fromWire(text(f, "code"));
        } catch (IllegalArgumentException e) {
            throw new FrameException(ErrorCode.BAD_FRAME, e.getMessage(), null);
        }
    }

    private String time(Instant instant) {
        return TIME.format(instant.atZone(zone).toOffsetDateTime());
    }

    private static ObjectNode id(ObjectNode f, String id) {
        if (id != null) f.put("id", id);
        return f;
    }

    private static void names(ArrayNode array, List<String> names) {
        for (String n : names) array.add(n);
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

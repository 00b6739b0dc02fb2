package chatroom.protocol;

import static chatroom.protocol.JsonFields.count;
import static chatroom.protocol.JsonFields.list;
import static chatroom.protocol.JsonFields.num;
import static chatroom.protocol.JsonFields.optText;
import static chatroom.protocol.JsonFields.text;
import static chatroom.protocol.JsonFields.type;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.chat.LeaveReason;
import chatroom.chat.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server's frames read back into {@link Event}s (the Chatter's side). */
final class EventReader {
    private EventReader() {}

    static Event decode(JsonNode f) throws FrameException {
        String id = optText(f, "id");
        String type = type(f);
        EventFrame frame = EventFrame.named(type);
        if (frame == null) throw new FrameException(ErrorCode.BAD_FRAME, "unknown frame type '" + type + "'", id);
        return switch (frame) {
            case MESSAGE -> new RoomMessage(text(f, "room"), num(f, "seq"), instant(f), text(f, "from"), text(f, "text"));
            case PRIVATE -> new PrivateMessage(num(f, "pid"), instant(f), text(f, "from"), list(f, "to"), text(f, "text"),
                    f.path("waited").asBoolean(false));
            case JOINED -> new Joined(text(f, "room"), num(f, "seq"), instant(f), text(f, "name"));
            case LEFT -> new Left(text(f, "room"), num(f, "seq"), instant(f), text(f, "name"), reason(f), optText(f, "to"));
            case ENTERED -> entered(f, id);
            case ROOMS -> new RoomList(rooms(f), id);
            case YOUR_ROOMS -> new YourRooms(list(f, "rooms"), text(f, "current"), id);
            case HISTORY -> new History(text(f, "room"), messages(f), f.path("more").asBoolean(false), num(f, "before"), id);
            case FOUND -> new Found(text(f, "query"), messages(f), f.path("more").asBoolean(false), num(f, "before"), id,
                    f.path("stoppedAfter").asInt(0));
            case WELCOME -> welcome(f, id);
            case WHO -> new WhoList(optText(f, "room"), list(f, "names"), id, f.has("away") ? list(f, "away") : List.of(),
                    roles(f));
            case ACCEPTED -> f.has("pid") ? new Accepted(id, null, 0, num(f, "pid"))
                    : new Accepted(id, text(f, "room"), num(f, "seq"), 0);
            case ERROR -> f.path("final").asBoolean(false)
                    ? new Closing(code(f), text(f, "text"))
                    : new Refused(code(f), text(f, "text"), id, Math.max(0, f.path("retryAfterMs").asLong(0)));
            case NOTICE -> new Notice(text(f, "text"), id);
            case AWAY -> new AwayChanged(text(f, "name"), optText(f, "message"));
            case PING -> new Ping();
            case PONG -> new Pong(id);
        };
    }

    private static List<Event> messages(JsonNode f) throws FrameException {
        JsonNode v = f.get("messages");
        if (v == null || !v.isArray()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + type(f) + "' needs a 'messages' list", null);
        List<Event> out = new ArrayList<>(v.size());
        for (JsonNode m : v) {
            if (!m.isObject()) throw new FrameException(ErrorCode.BAD_FRAME, "'messages' must hold frames", null);
            Event e = decode(m);
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

    private static Instant instant(JsonNode f) throws FrameException {
        try {
            return OffsetDateTime.parse(text(f, "time"), JsonCodec.TIME).toInstant();
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

    /** A who frame's roles: name to role, for those who are not plain members. */
    private static Map<String, Role> roles(JsonNode f) throws FrameException {
        JsonNode r = f.get("roles");
        if (r == null) return Map.of();
        if (!r.isObject()) throw new FrameException(ErrorCode.BAD_FRAME, "'roles' must be an object", null);
        Map<String, Role> roles = new LinkedHashMap<>();
        for (var entry : r.properties()) {
            try {
                roles.put(entry.getKey(), Role.valueOf(entry.getValue().asText().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new FrameException(ErrorCode.BAD_FRAME, "unknown role '" + entry.getValue().asText() + "'", null);
            }
        }
        return roles;
    }
}

package chatroom.protocol;

import static chatroom.chat.Commands.HISTORY_PAGE;
import static chatroom.chat.Commands.MAX_PAGE;
import static chatroom.protocol.JsonFields.count;
import static chatroom.protocol.JsonFields.list;
import static chatroom.protocol.JsonFields.optText;
import static chatroom.protocol.JsonFields.parse;
import static chatroom.protocol.JsonFields.text;
import static chatroom.protocol.JsonFields.type;

import chatroom.chat.ChatInput;
import chatroom.chat.Commands;
import chatroom.chat.ErrorCode;
import chatroom.chat.Lasting;
import chatroom.chat.Sanction;
import chatroom.protocol.Request.Act;
import chatroom.protocol.Request.Hello;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The client's frames, both ways: a {@link Request} written as JSON, and read back from the table of frame types. */
final class RequestFrames {
    private RequestFrames() {}

    static String encode(Request request) {
        ObjectNode f = JsonFields.MAPPER.createObjectNode();
        switch (request) {
            case Hello h -> {
                f.put("type", "hello").put("version", h.version()).put("name", h.name());
                if (h.history() >= 0) f.put("history", h.history());
                if (h.password() != null) f.put("password", h.password());
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
                    case ChatInput.Register r -> f.put("type", "register").put("password", r.password());
                    case ChatInput.NewPassword p -> f.put("type", "password").put("password", p.password());
                    case ChatInput.Moderate m -> {
                        f.put("type", m.action().wire()).put("target", m.target());
                        if (m.lasts() != null) f.put("seconds", m.lasts().toSeconds());
                        if (!m.reason().isEmpty()) f.put("reason", m.reason());
                    }
                    case ChatInput.Bans b -> f.put("type", "bans");
                    case ChatInput.Quit q -> f.put("type", "quit");
                    case ChatInput.Invalid i -> throw new IllegalArgumentException("an invalid input is not sent: " + i);
                    case ChatInput.Nothing n -> throw new IllegalArgumentException("nothing to send");
                }
            }
        }
        id(f, request.id());
        return f.toString();
    }

    /** How one type of client frame becomes a request. */
    @FunctionalInterface
    private interface RequestReader {
        Request read(JsonNode f, String id) throws FrameException;
    }

    /**
     * Every type of client frame and how it is read: the one list of them, which the
     * unknown-type error also names, in this order.
     */
    private static final Map<String, RequestReader> REQUESTS = requestReaders();

    private static Map<String, RequestReader> requestReaders() {
        Map<String, RequestReader> r = new LinkedHashMap<>();
        r.put("hello", RequestFrames::hello);
        r.put("say", (f, id) -> new Act(id, new ChatInput.Say(text(f, "text"))));
        // A line as a person typed it, read by the same rules as the plain door's lines,
        // so the web page needs no copy of the command language.
        r.put("line", (f, id) -> new Act(id, Commands.parse(text(f, "text"))));
        r.put("tell", (f, id) -> new Act(id, new ChatInput.Tell(list(f, "to"), text(f, "text"))));
        r.put("who", (f, id) -> new Act(id, new ChatInput.Who(f.path("all").asBoolean(false))));
        r.put("join", (f, id) -> new Act(id, new ChatInput.JoinRoom(text(f, "room"))));
        r.put("leave", (f, id) -> new Act(id, new ChatInput.LeaveRoom()));
        r.put("rooms", (f, id) -> new Act(id, new ChatInput.Rooms()));
        r.put("away", (f, id) -> new Act(id, new ChatInput.Away(f.has("text") ? text(f, "text").strip() : Commands.AWAY)));
        r.put("back", (f, id) -> new Act(id, new ChatInput.Away("")));
        r.put("history", (f, id) -> new Act(id, new ChatInput.PageBack((int) count(f, "count", HISTORY_PAGE, MAX_PAGE),
                count(f, "before", 0, Long.MAX_VALUE))));
        r.put("search", (f, id) -> new Act(id, new ChatInput.Search(text(f, "text"), count(f, "before", 0, Long.MAX_VALUE))));
        r.put("register", (f, id) -> new Act(id, new ChatInput.Register(password(f, id))));
        r.put("password", (f, id) -> new Act(id, new ChatInput.NewPassword(password(f, id))));
        for (Sanction.Action action : Sanction.Action.values()) {
            r.put(action.wire(), (f, id) -> new Act(id, new ChatInput.Moderate(action, text(f, "target"),
                    f.has("seconds") ? Duration.ofSeconds(count(f, "seconds", 0, Lasting.MOST.toSeconds())) : null,
                    f.has("reason") ? text(f, "reason") : "")));
        }
        r.put("bans", (f, id) -> new Act(id, new ChatInput.Bans()));
        r.put("help", (f, id) -> new Act(id, new ChatInput.Help()));
        r.put("quit", (f, id) -> new Act(id, new ChatInput.Quit()));
        r.put("ping", (f, id) -> new Request.Ping(id));
        r.put("pong", (f, id) -> new Request.Pong(id));
        return Collections.unmodifiableMap(r);
    }

    private static Hello hello(JsonNode f, String id) throws FrameException {
        if (!f.path("version").isIntegralNumber() || !f.path("version").canConvertToInt()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "hello needs a whole-number 'version'", id);
        }
        return new Hello(id, f.get("version").intValue(), text(f, "name"), (int) count(f, "history", -1, Integer.MAX_VALUE),
                f.has("password") ? password(f, id) : null);
    }

    /** A frame's 'password': a string, never quoted back in an error. */
    private static String password(JsonNode f, String id) throws FrameException {
        JsonNode p = f.get("password");
        if (p == null || !p.isTextual()) throw new FrameException(ErrorCode.BAD_FRAME, "'password' must be a string", id);
        return p.textValue();
    }

    /** Reads a client frame (the server's side). */
    static Request decode(String line) throws FrameException {
        JsonNode f = parse(line);
        String id = optText(f, "id");
        if (f.has("id") && f.get("id").isContainerNode()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'id' must be a string or a number", null);
        }
        try {
            String type = type(f);
            RequestReader reader = REQUESTS.get(type);
            if (reader == null) {
                throw new FrameException(ErrorCode.BAD_FRAME,
                        "unknown frame type '" + type + "' (" + String.join(", ", REQUESTS.keySet()) + ")", id);
            }
            return reader.read(f, id);
        } catch (FrameException e) {
            throw e.id() == null && id != null ? new FrameException(e.code(), e.getMessage(), id) : e;
        }
    }

    private static ObjectNode id(ObjectNode f, String id) {
        if (id != null) f.put("id", id);
        return f;
    }

    private static void names(ArrayNode array, List<String> names) {
        for (String n : names) array.add(n);
    }
}

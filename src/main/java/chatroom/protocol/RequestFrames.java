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
import java.util.Arrays;
import java.util.List;

/** The client's frames, both ways: a {@link Request} written as JSON, and read back from the table of frame types. */
final class RequestFrames {
    private RequestFrames() {}

    static String encode(Request request) {
        ObjectNode f = JsonFields.MAPPER.createObjectNode();
        switch (request) {
            case Hello h -> {
                f.put("type", Frame.HELLO.type).put("version", h.version()).put("name", h.name());
                if (h.history() >= 0) f.put("history", h.history());
                if (h.password() != null) f.put("password", h.password());
            }
            case Request.Ping p -> f.put("type", Frame.PING.type);
            case Request.Pong p -> f.put("type", Frame.PONG.type);
            case Act a -> act(f, a.input());
        }
        id(f, request.id());
        return f.toString();
    }

    /** One request's fields. */
    private static void act(ObjectNode f, ChatInput input) {
        switch (input) {
            case ChatInput.Say s -> f.put("type", Frame.SAY.type).put("text", s.text());
            case ChatInput.Tell t -> {
                f.put("type", Frame.TELL.type);
                names(f.putArray("to"), t.to());
                f.put("text", t.text());
            }
            case ChatInput.Who w -> f.put("type", Frame.WHO.type).put("all", w.all());
            case ChatInput.Help h -> f.put("type", Frame.HELP.type);
            case ChatInput.JoinRoom j -> f.put("type", Frame.JOIN.type).put("room", j.room());
            case ChatInput.LeaveRoom l -> f.put("type", Frame.LEAVE.type);
            case ChatInput.PartRoom p -> {
                f.put("type", Frame.PART.type);
                if (p.room() != null) f.put("room", p.room());
            }
            case ChatInput.MyRooms m -> f.put("type", Frame.MY_ROOMS.type);
            case ChatInput.InRoom in -> {
                act(f, in.input());
                f.put("room", in.room());
            }
            case ChatInput.Rooms r -> f.put("type", Frame.ROOMS.type);
            case ChatInput.PageBack p -> {
                f.put("type", Frame.HISTORY.type).put("count", p.count());
                if (p.before() > 0) f.put("before", p.before());
            }
            // IRC's CHATHISTORY paging: no frame carries it (the page pages with "history" and its cursor).
            case ChatInput.Span s -> throw new IllegalArgumentException("a span is not sent as a frame: " + s);
            case ChatInput.Around a -> throw new IllegalArgumentException("an around is not sent as a frame: " + a);
            case ChatInput.Search q -> {
                f.put("type", Frame.SEARCH.type).put("text", q.text());
                if (q.before() > 0) f.put("before", q.before());
            }
            case ChatInput.Away away when away.message().isEmpty() -> f.put("type", Frame.BACK.type);
            case ChatInput.Away away -> f.put("type", Frame.AWAY.type).put("text", away.message());
            case ChatInput.Register r -> f.put("type", Frame.REGISTER.type).put("password", r.password());
            case ChatInput.NewPassword p -> f.put("type", Frame.PASSWORD.type).put("password", p.password());
            case ChatInput.Moderate m -> {
                f.put("type", Frame.of(m.action()).type).put("target", m.target());
                if (m.lasts() != null) f.put("seconds", m.lasts().toSeconds());
                if (!m.reason().isEmpty()) f.put("reason", m.reason());
            }
            case ChatInput.Bans b -> f.put("type", Frame.BANS.type);
            case ChatInput.Quit q -> f.put("type", Frame.QUIT.type);
            case ChatInput.Invalid i -> throw new IllegalArgumentException("an invalid input is not sent: " + i);
            case ChatInput.Nothing n -> throw new IllegalArgumentException("nothing to send");
        }
    }

    /** How one type of client frame becomes a request. */
    @FunctionalInterface
    private interface RequestReader {
        Request read(JsonNode f, String id) throws FrameException;
    }

    /**
     * Every type of client frame and how it is read: the one list of them, which
     * {@link #encode} writes and the unknown-type error names, in this order.
     */
    private enum Frame {
        HELLO("hello", RequestFrames::hello),
        SAY("say", (f, id) -> new Act(id, new ChatInput.Say(text(f, "text")))),
        // A line as a person typed it, read by the same rules as the plain door's lines,
        // so the web page needs no copy of the command language.
        LINE("line", (f, id) -> new Act(id, Commands.parse(text(f, "text")))),
        TELL("tell", (f, id) -> new Act(id, new ChatInput.Tell(list(f, "to"), text(f, "text")))),
        WHO("who", (f, id) -> new Act(id, new ChatInput.Who(f.path("all").asBoolean(false)))),
        JOIN("join", (f, id) -> new Act(id, new ChatInput.JoinRoom(text(f, "room")))),
        LEAVE("leave", (f, id) -> new Act(id, new ChatInput.LeaveRoom())),
        PART("part", (f, id) -> new Act(id, new ChatInput.PartRoom(f.has("room") ? text(f, "room") : null))),
        MY_ROOMS("my-rooms", (f, id) -> new Act(id, new ChatInput.MyRooms())),
        ROOMS("rooms", (f, id) -> new Act(id, new ChatInput.Rooms())),
        AWAY("away", (f, id) -> new Act(id, new ChatInput.Away(f.has("text") ? text(f, "text").strip() : Commands.AWAY))),
        BACK("back", (f, id) -> new Act(id, new ChatInput.Away(""))),
        HISTORY("history", (f, id) -> new Act(id, new ChatInput.PageBack((int) count(f, "count", HISTORY_PAGE, MAX_PAGE),
                count(f, "before", 0, Long.MAX_VALUE)))),
        SEARCH("search", (f, id) -> new Act(id, new ChatInput.Search(text(f, "text"), count(f, "before", 0, Long.MAX_VALUE)))),
        REGISTER("register", (f, id) -> new Act(id, new ChatInput.Register(password(f, id)))),
        PASSWORD("password", (f, id) -> new Act(id, new ChatInput.NewPassword(password(f, id)))),
        KICK("kick", (f, id) -> moderate(Sanction.Action.KICK, f, id)),
        MUTE("mute", (f, id) -> moderate(Sanction.Action.MUTE, f, id)),
        UNMUTE("unmute", (f, id) -> moderate(Sanction.Action.UNMUTE, f, id)),
        BAN("ban", (f, id) -> moderate(Sanction.Action.BAN, f, id)),
        UNBAN("unban", (f, id) -> moderate(Sanction.Action.UNBAN, f, id)),
        BANS("bans", (f, id) -> new Act(id, new ChatInput.Bans())),
        HELP("help", (f, id) -> new Act(id, new ChatInput.Help())),
        QUIT("quit", (f, id) -> new Act(id, new ChatInput.Quit())),
        PING("ping", (f, id) -> new Request.Ping(id)),
        PONG("pong", (f, id) -> new Request.Pong(id));

        final String type;
        final RequestReader reader;

        Frame(String type, RequestReader reader) {
            this.type = type;
            this.reader = reader;
        }

        static Frame named(String type) {
            for (Frame frame : values()) {
                if (frame.type.equals(type)) return frame;
            }
            return null;
        }

        /** The frame of a moderator's action: named as the action is. */
        static Frame of(Sanction.Action action) {
            return switch (action) {
                case KICK -> KICK;
                case MUTE -> MUTE;
                case UNMUTE -> UNMUTE;
                case BAN -> BAN;
                case UNBAN -> UNBAN;
            };
        }

        static String names() {
            return String.join(", ", Arrays.stream(values()).map(frame -> frame.type).toList());
        }
    }

    /** A moderator's action: {@code target}, {@code seconds}? (absent: until lifted), {@code reason}?. */
    private static Act moderate(Sanction.Action action, JsonNode f, String id) throws FrameException {
        return new Act(id, new ChatInput.Moderate(action, text(f, "target"),
                f.has("seconds") ? Duration.ofSeconds(count(f, "seconds", 0, Lasting.MOST.toSeconds())) : null,
                f.has("reason") ? text(f, "reason") : ""));
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
            Frame frame = Frame.named(type);
            if (frame == null) {
                throw new FrameException(ErrorCode.BAD_FRAME, "unknown frame type '" + type + "' (" + Frame.names() + ")", id);
            }
            Request request = frame.reader.read(f, id);
            // Any other request may name the room it is about, one of the sender's: where a
            // message goes, whose people /who lists, whose past /history and /search read.
            if (request instanceof Act a && f.has("room") && frame != Frame.JOIN && frame != Frame.PART) {
                return new Act(id, new ChatInput.InRoom(text(f, "room"), a.input()));
            }
            return request;
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

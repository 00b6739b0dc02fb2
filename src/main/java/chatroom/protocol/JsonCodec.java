package chatroom.protocol;

import chatroom.chat.Event;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The structured protocol: JSON Lines, one object per line with a {@code type}. Both
 * directions go through here so that server and Chatter cannot drift apart: the server's
 * frames are written by {@link EventWriter} and read back by {@link EventReader}, the
 * client's are {@link RequestFrames}, and both read fields with {@link JsonFields}.
 * docs/PROTOCOL.md describes every frame. An instance is also the key under which a
 * broadcast keeps its JSON encoding ({@code Outgoing}'s memo).
 */
public final class JsonCodec {
    public static final int VERSION = 1;
    static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final EventWriter events;

    public JsonCodec(ZoneId zone) {
        this.events = new EventWriter(zone);
    }

    // ---- server to client ----

    /**
     * The event as one frame, without the newline. Written field by field with a streaming
     * generator (no tree per frame); the output is what the tree form printed, byte for byte.
     */
    public String encode(Event event) {
        return events.encode(event);
    }

    /** The event as one UTF-8 line, newline included, ready for the socket. */
    public byte[] encodeLine(Event event) {
        // Through a String on purpose: a lone surrogate (a JSON client may send "\\ud800")
        // becomes '?' as it always did, where a byte generator would refuse the frame.
        return (encode(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a server frame (the Chatter's side). */
    public Event decodeEvent(String line) throws FrameException {
        return EventReader.decode(JsonFields.parse(line));
    }

    // ---- client to server ----

    public String encode(Request request) {
        return RequestFrames.encode(request);
    }

    /** Reads a client frame (the server's side). */
    public Request decodeRequest(String line) throws FrameException {
        return RequestFrames.decode(line);
    }
}

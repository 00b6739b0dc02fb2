package chatroom.protocol;

import chatroom.chat.Event;
import chatroom.chat.Event.*;

/**
 * Every type of server frame, the one list of them: {@link EventWriter} writes these
 * names and {@link EventReader} reads by them, so the two sides cannot spell a type
 * differently, and a type added here must be read (the reader's switch is exhaustive).
 */
enum EventFrame {
    MESSAGE("message"),
    PRIVATE("private"),
    JOINED("joined"),
    LEFT("left"),
    WELCOME("welcome"),
    WHO("who"),
    ACCEPTED("accepted"),
    /** A refusal, or with {@code "final":true} the last word before the server closes. */
    ERROR("error"),
    NOTICE("notice"),
    ENTERED("entered"),
    ROOMS("rooms"),
    YOUR_ROOMS("your-rooms"),
    HISTORY("history"),
    FOUND("found"),
    AWAY("away"),
    PING("ping"),
    PONG("pong");

    final String type;

    EventFrame(String type) {
        this.type = type;
    }

    /** The frame an event is written as. */
    static EventFrame of(Event event) {
        return switch (event) {
            case RoomMessage m -> MESSAGE;
            case PrivateMessage m -> PRIVATE;
            case Joined j -> JOINED;
            case Left l -> LEFT;
            case Welcome w -> WELCOME;
            case WhoList w -> WHO;
            case Accepted a -> ACCEPTED;
            case Refused r -> ERROR;
            case Closing c -> ERROR;
            case Notice n -> NOTICE;
            case RoomEntered r -> ENTERED;
            case RoomList r -> ROOMS;
            case YourRooms r -> YOUR_ROOMS;
            case History h -> HISTORY;
            case Found f -> FOUND;
            case AwayChanged a -> AWAY;
            case Ping p -> PING;
            case Pong p -> PONG;
        };
    }

    /** The frame of that type, or null when there is none. */
    static EventFrame named(String type) {
        for (EventFrame frame : values()) {
            if (frame.type.equals(type)) return frame;
        }
        return null;
    }
}

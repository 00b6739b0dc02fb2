package chatroom.chat;

/** Why a member left a room; the text is what the room is told. */
public enum LeaveReason {
    QUIT("quit"),
    CONNECTION_LOST("connection lost"),
    TIMED_OUT("timed out"),
    TOO_SLOW("too slow"),
    SERVER_SHUTDOWN("server shutting down"),
    KICKED("kicked"),
    BANNED("banned"),
    /** Went to another room: not a leave from the chat. */
    MOVED("moved"),
    /** Left this room with /part, staying in others: not a leave from the chat. */
    PARTED("parted");

    private final String text;

    LeaveReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static LeaveReason fromText(String text) {
        for (LeaveReason reason : values()) {
            if (reason.text.equals(text)) return reason;
        }
        throw new IllegalArgumentException("unknown leave reason: " + text);
    }
}

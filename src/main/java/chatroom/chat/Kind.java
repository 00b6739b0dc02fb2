package chatroom.chat;

/** What a stored event was; its name is what the store's {@code kind} column holds. */
public enum Kind {
    MESSAGE, PRIVATE, JOIN, LEAVE;

    /** Room events carry a room and a per-room sequence number; a private message carries neither. */
    public boolean inRoom() {
        return this != PRIVATE;
    }
}

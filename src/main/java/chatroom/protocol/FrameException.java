package chatroom.protocol;

import chatroom.chat.ErrorCode;

/** A frame that could not be read; {@code id} is the frame's id when it could be found. */
public final class FrameException extends Exception {
    private final ErrorCode code;
    private final String id;

    public FrameException(ErrorCode code, String message, String id) {
        super(message);
        this.code = code;
        this.id = id;
    }

    public ErrorCode code() {
        return code;
    }

    public String id() {
        return id;
    }
}
